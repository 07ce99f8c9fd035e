"""The mobile task lists as query specifications: filters and ordering as plain data.

Each function answers a `TaskQuery` that the Frappe layer hands to `frappe.get_list`, which adds
the caller's permissions. Dates are the site's: Frappe stores naive datetimes in the system time
zone, so "today" is the calendar day in that zone.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from crm.core.errors import InvalidParam
from crm.core.i18n import _
from crm.core.tasks import DOCTYPE, DONE_STATUSES, LIST_FIELDS

Filter = list  # [fieldname, operator, value], as frappe.get_list takes it

DEFAULT_ORDER = "modified desc"
# Lower bound for "before X" conditions. They are written as `between EARLIEST and X` because
# frappe.get_list reads `<` and `<=` on a date as `ifnull(field, '0001-01-01') < X`: a task with no
# date would match, and ifnull keeps the database from using the index. `between` never matches a
# missing date.
EARLIEST = datetime(1000, 1, 1)
_ORDER_TERM_RE = re.compile(r"^([a-z_]+)\s+(asc|desc)$", re.IGNORECASE)
# Fields a client may sort by, and the column each sorts on: priority sorts by meaning.
ORDERABLE = {fieldname: fieldname for fieldname in LIST_FIELDS} | {"priority": "priority_rank"}


@dataclass(frozen=True)
class TaskQuery:
	filters: list[Filter] = field(default_factory=list)
	or_filters: list[Filter] = field(default_factory=list)
	order_by: str = ""


def column(fieldname: str) -> str:
	return f"`tab{DOCTYPE}`.`{fieldname}`"


def site_today(now_utc: datetime, tz_name: str | None) -> date:
	"""The calendar day it is in the site's time zone at the instant `now_utc`."""
	if now_utc.tzinfo is None:
		now_utc = now_utc.replace(tzinfo=timezone.utc)
	zone = ZoneInfo(tz_name) if tz_name else timezone.utc
	return now_utc.astimezone(zone).date()


def parse_order_by(value: object) -> list[tuple[str, str]]:
	"""`<field> asc|desc[, ...]` over the task object's fields; anything else is refused (417).

	Blank means the default, `modified desc`. Raises `InvalidParam` listing the allowed fields.
	"""
	if value is None or (isinstance(value, str) and not value.strip()):
		value = DEFAULT_ORDER
	terms: list[tuple[str, str]] = []
	if isinstance(value, str) and len(value) <= 300:
		for part in value.split(","):
			match = _ORDER_TERM_RE.match(part.strip())
			if not match or match[1].lower() not in ORDERABLE:
				terms = []
				break
			fieldname, direction = match[1].lower(), match[2].lower()
			if fieldname not in (term[0] for term in terms):
				terms.append((fieldname, direction))
	if not terms:
		raise InvalidParam(
			"order_by",
			"Order By",
			_(
				"{label} must be '<field> asc' or '<field> desc' (comma-separated), with field one of {allowed}"
			),
			allowed=tuple(ORDERABLE),
		)
	return terms


def order_by_sql(terms: Sequence[tuple[str, str]]) -> str:
	"""SQL ORDER BY text from parsed terms; `name` breaks ties so pages never overlap."""
	parts = [f"{column(ORDERABLE[fieldname])} {direction}" for fieldname, direction in terms]
	if "name" not in (fieldname for fieldname, _direction in terms):
		parts.append(f"{column('name')} {terms[-1][1] if terms else 'desc'}")
	return ", ".join(parts)


def _today_or_filters(today: date) -> list[Filter]:
	# A date pair on a Datetime field covers the whole day in frappe.get_list's `between`.
	return [["start_date", "=", today], ["due_date", "between", [today, today]]]


def today_query(today: date) -> TaskQuery:
	"""Tasks that start today or are due today: most important first, then soonest due, undated last."""
	return TaskQuery(
		or_filters=_today_or_filters(today),
		order_by=", ".join(
			(
				f"{column('priority_rank')} desc",
				f"{column('due_date')} is null",
				f"{column('due_date')} asc",
				f"{column('name')} asc",
			)
		),
	)


def late_query(today: date) -> TaskQuery:
	"""Tasks due before today that are not finished, most overdue first."""
	before_today = datetime.combine(today, datetime.min.time()) - timedelta(microseconds=1)
	return TaskQuery(
		filters=[
			["due_date", "between", [EARLIEST, before_today]],
			["status", "not in", list(DONE_STATUSES)],
		],
		order_by=f"{column('due_date')} asc, {column('name')} asc",
	)


def upcoming_query(today: date, until: date | None = None) -> TaskQuery:
	"""Tasks starting after today, soonest first, then most important. With `until` (the start date
	of the n-th soonest, from `upcoming_dates_query`), only those starting by then: the first n are
	all among them, and the database sorts a day or two of tasks instead of every future one (its
	mixed asc/desc order cannot be read off an index)."""
	if until is not None:
		filters = [["start_date", "between", [today + timedelta(days=1), until]]]
	else:
		filters = [["start_date", ">", today]]
	return TaskQuery(
		filters=filters,
		order_by=f"{column('start_date')} asc, {column('priority_rank')} desc, {column('name')} asc",
	)


def upcoming_dates_query(today: date) -> TaskQuery:
	"""The start dates of the soonest upcoming tasks, read from the start-date index alone."""
	return TaskQuery(filters=[["start_date", ">", today]], order_by=f"{column('start_date')} asc")


def filter_query(
	*,
	date_from: date | None,
	date_to: date | None,
	priorities: Sequence[str],
	statuses: Sequence[str],
	order_terms: Sequence[tuple[str, str]],
) -> TaskQuery:
	"""filter_tasks: sets of priorities and statuses, and a date range (inclusive) that either
	`start_date` or `due_date` falls in."""
	filters: list[Filter] = []
	if priorities:
		filters.append(["priority", "in", list(priorities)])
	if statuses:
		filters.append(["status", "in", list(statuses)])
	or_filters: list[Filter] = []
	if date_from and date_to:
		if date_from > date_to:
			raise InvalidParam("date_to", "Date To", _("{label} cannot be before Date From"))
		or_filters = [
			["start_date", "between", [date_from, date_to]],
			["due_date", "between", [date_from, date_to]],
		]
	elif date_from:
		or_filters = [
			["start_date", ">=", date_from],
			["due_date", ">=", datetime.combine(date_from, datetime.min.time())],
		]
	elif date_to:
		or_filters = [
			["start_date", "between", [EARLIEST.date(), date_to]],
			["due_date", "between", [EARLIEST, date_to]],
		]
	return TaskQuery(filters=filters, or_filters=or_filters, order_by=order_by_sql(order_terms))
