"""Reads behind the managers' Desk: the number cards, the weekly chart and the overdue report.

Every read goes through `frappe.get_list` (crm.common.records.counted counts with it), so a caller
counts only the tasks they may read: a Sales User their own, a Sales Manager the team's. Nothing
here is cached across users.
"""

from datetime import date
from typing import Any

import frappe
from frappe.utils import formatdate, get_fullname
from frappe.utils.data import get_first_day_of_the_week

from crm.common.records import counted
from crm.core import desk_figures, task_queries
from crm.core.task_queries import EARLIEST
from crm.core.tasks import DOCTYPE, DONE_STATUSES

NOT_FINISHED = ["status", "not in", list(DONE_STATUSES)]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def my_tasks_today(user: str, today: date) -> int:
	"""Unfinished tasks starting or due today whose seller is `user` (assigned to them, or
	created by them and not assigned)."""
	today_filters = task_queries.today_query(today).or_filters
	assigned = counted(DOCTYPE, filters=[NOT_FINISHED, ["assigned_to", "=", user]], or_filters=today_filters)
	unassigned = [NOT_FINISHED, ["assigned_to", "is", "not set"], ["owner", "=", user]]
	return assigned + counted(DOCTYPE, filters=unassigned, or_filters=today_filters)


def overdue(today: date) -> int:
	"""Unfinished tasks due before today, among those the caller may read (the phone's "late")."""
	return counted(DOCTYPE, filters=task_queries.late_query(today).filters)


def done_this_week(today: date) -> int:
	"""Tasks completed since the first day of this week, among those the caller may read."""
	since = desk_figures.week_start(today, first_weekday())
	return counted(DOCTYPE, filters=[["status", "=", "Done"], ["completed_on", "between", [since, today]]])


def done_per_week_by_seller(today: date, weeks: int) -> dict[str, Any]:
	"""Chart data: tasks completed in each of the last `weeks` weeks, one dataset per seller (by
	full name), each week labelled by its first day in the user's language."""
	starts = desk_figures.last_weeks(today, weeks, first_weekday())
	rows = frappe.get_list(
		DOCTYPE,
		fields=["owner", "assigned_to", "completed_on"],
		filters=[["status", "=", "Done"], ["completed_on", "between", [starts[0], today]]],
		order_by="",
		limit_page_length=0,
	)
	chart = desk_figures.done_per_week_by_seller(rows, starts, first_weekday())
	chart["labels"] = [formatdate(start, "d MMM") for start in starts]
	for dataset in chart["datasets"]:
		dataset["name"] = get_fullname(dataset["name"]) if dataset["name"] else ""
	return chart


def overdue_rows(today: date, filters: dict[str, Any]) -> list[dict[str, Any]]:
	"""The overdue tasks the caller may read, narrowed by the report's filters."""
	return frappe.get_list(
		DOCTYPE,
		fields=["owner", "assigned_to", "priority", "due_date"],
		filters=overdue_filters(today, filters),
		order_by="",
		limit_page_length=0,
	)


def overdue_filters(today: date, filters: dict[str, Any]) -> list[list]:
	"""The late tasks' filters, with the report's priority and due-date range (both inclusive)."""
	late = task_queries.late_query(today).filters
	if filters.get("priority"):
		late.append(["priority", "=", filters["priority"]])
	if filters.get("from_date") or filters.get("to_date"):
		late.append(
			["due_date", "between", [filters.get("from_date") or EARLIEST, filters.get("to_date") or today]]
		)
	return late


def first_weekday() -> int:
	"""The site's first day of the week (System Settings), 0 for Monday."""
	return WEEKDAYS.index(get_first_day_of_the_week())
