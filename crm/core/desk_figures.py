"""The managers' figures in Desk as plain data: who a task's seller is, weeks, counts per seller.

The Frappe layer (crm/desk/figures.py) reads the rows through `frappe.get_list`, so each caller
counts only the tasks they may read; everything here works on those rows.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from crm.core.i18n import _

Row = Mapping[str, Any]

DONE = "Done"
PRIORITY_COLUMNS = ("High", "Medium", "Low")
DEFAULT_WEEKS = 8
MAX_WEEKS = 52
# The report's columns; labels are translated by the Frappe layer.
REPORT_COLUMNS = (
	{"fieldname": "seller", "label": _("Seller"), "fieldtype": "Link", "options": "User", "width": 240},
	{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 100},
	{"fieldname": "high", "label": _("High"), "fieldtype": "Int", "width": 90},
	{"fieldname": "medium", "label": _("Medium"), "fieldtype": "Int", "width": 90},
	{"fieldname": "low", "label": _("Low"), "fieldtype": "Int", "width": 90},
	{"fieldname": "oldest_due", "label": _("Oldest Due Date"), "fieldtype": "Datetime", "width": 170},
)


def completed_on(status: str, before: Any, now: datetime) -> datetime | None:
	"""When a task was completed (CRM Task's `completed_on`, which the weekly figures count by): kept
	while it stays Done, `now` when it becomes Done, none otherwise. `before` is the task as stored."""
	if status != DONE:
		return None
	if before and before.get("status") == DONE and before.get("completed_on"):
		return before.get("completed_on")
	return now


def seller_of(row: Row) -> str:
	"""Whoever is to do the task: its assignee, or, unassigned, whoever created it."""
	return row.get("assigned_to") or row["owner"]


def is_mine(row: Row, user: str) -> bool:
	return seller_of(row) == user


def week_start(day: date, first_weekday: int = 0) -> date:
	"""The first day of the week holding `day`; `first_weekday` 0 is Monday, 6 Sunday."""
	return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def last_weeks(today: date, count: int, first_weekday: int = 0) -> list[date]:
	"""The first days of the `count` weeks ending with this one, oldest first."""
	this_week = week_start(today, first_weekday)
	return [this_week - timedelta(weeks=back) for back in range(count - 1, -1, -1)]


def week_count(value: object) -> int:
	"""How many weeks a chart shows: a whole number from 1 to MAX_WEEKS, DEFAULT_WEEKS otherwise."""
	try:
		weeks = int(str(value))
	except (TypeError, ValueError):
		return DEFAULT_WEEKS
	return min(max(weeks, 1), MAX_WEEKS)


def done_per_week_by_seller(rows: Iterable[Row], weeks: Sequence[date], first_weekday: int = 0) -> dict:
	"""Frappe Charts data: one dataset per seller, a count of tasks completed in each week."""
	position = {start: index for index, start in enumerate(weeks)}
	counts: dict[str, list[int]] = {}
	for row in rows:
		index = position.get(week_start(_day(row["completed_on"]), first_weekday))
		if index is not None:
			counts.setdefault(seller_of(row), [0] * len(weeks))[index] += 1
	datasets = [{"name": seller, "values": counts[seller]} for seller in sorted(counts)]
	# Frappe Charts cannot draw no dataset at all: an empty week range shows as zeros.
	return {
		"labels": [start.isoformat() for start in weeks],
		"datasets": datasets or [{"name": "", "values": [0] * len(weeks)}],
	}


def overdue_by_seller(rows: Iterable[Row]) -> list[dict[str, Any]]:
	"""The report's rows: per seller, overdue tasks by priority and the oldest due date; most
	overdue tasks first."""
	table: dict[str, dict[str, Any]] = {}
	for row in rows:
		line = table.setdefault(seller_of(row), _empty_line(seller_of(row)))
		line["overdue"] += 1
		if row.get("priority") in PRIORITY_COLUMNS:
			line[row["priority"].lower()] += 1
		if line["oldest_due"] is None or row["due_date"] < line["oldest_due"]:
			line["oldest_due"] = row["due_date"]
	return sorted(table.values(), key=lambda line: (-line["overdue"], line["seller"]))


def overdue_chart(lines: Sequence[Row]) -> dict[str, Any]:
	"""A bar chart of the report: overdue tasks per seller, stacked by priority."""
	return {
		"data": {
			"labels": [line["seller"] for line in lines],
			"datasets": [
				{"name": priority, "values": [line[priority.lower()] for line in lines]}
				for priority in PRIORITY_COLUMNS
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#e24c4c", "#f8a13c", "#5e64ff"],
	}


def _empty_line(seller: str) -> dict[str, Any]:
	return {"seller": seller, "overdue": 0, "high": 0, "medium": 0, "low": 0, "oldest_due": None}


def _day(value: date | datetime | str) -> date:
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	return date.fromisoformat(str(value)[:10])
