"""The mobile task lists as query specifications: filters and ordering as plain data.

Each function answers a `TaskQuery` that the Frappe layer hands to `frappe.get_list`, which adds
the caller's permissions. Dates are the site's: Frappe stores naive datetimes in the system time
zone, so "today" is the calendar day in that zone.
"""

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from crm.core.errors import InvalidParam
from crm.core.i18n import _
from crm.core.tasks import DOCTYPE, DONE_STATUSES, LIST_FIELDS

Filter = list  # [fieldname, operator, value], as frappe.get_list takes it
Quote = Callable[[str], str]  # a value as an SQL literal of the site's database

DEFAULT_ORDER = "modified desc"
# Lower bound for "before X" conditions. They are written as `between EARLIEST and X` because
# frappe.get_list reads `<` and `<=` on a date as `ifnull(field, '0001-01-01') < X`: a task with no
# date would match, and ifnull keeps the database from using the index. `between` never matches a
# missing date.
EARLIEST = datetime(1000, 1, 1)
_ORDER_TERM_RE = re.compile(r"^([a-z_]+)\s+(asc|desc)$", re.IGNORECASE)
# Fields a client may sort by, and the column each sorts on: priority sorts by meaning.
ORDERABLE = {fieldname: fieldname for fieldname in LIST_FIELDS} | {"priority": "priority_rank"}
# Columns whose values Python compares as every database does, so that lists read in parts (one
# query per part of what the caller may see, see `visible_parts`) can be merged in Python. Text
# columns are not among them: databases compare text by collation.
MERGEABLE = frozenset({"name", "modified", "priority_rank", "start_date", "due_date"})
NULLS_LAST = "asc nulls last"  # a direction: ascending, missing values after all others

SortTerm = tuple[str, str]  # (column, "asc" | "desc" | NULLS_LAST)

# Upcoming tasks: soonest first, then most important.
UPCOMING_ORDER: tuple[SortTerm, ...] = (("start_date", "asc"), ("priority_rank", "desc"), ("name", "asc"))


@dataclass(frozen=True)
class TaskQuery:
	filters: list[Filter] = field(default_factory=list)
	or_filters: list[Filter] = field(default_factory=list)
	order_by: str = ""
	# The order as columns, when every one is MERGEABLE: the list may then be read in parts.
	sort: tuple[SortTerm, ...] = ()


def visible_parts(user: str, sees_every_task: bool, shared: Sequence[object] = ()) -> list[list[Filter]]:
	"""What the caller may see (CRM Task's permission rule) as disjoint parts, each read through its
	own index: everything for a manager; for a Sales User, the tasks they own, the tasks someone
	else assigned to them, and any other task shared with them in Desk (`shared`: those ids)."""
	if sees_every_task:
		return [[]]
	parts = [[["owner", "=", user]], [["assigned_to", "=", user], ["owner", "!=", user]]]
	if shared:
		parts.append([["name", "in", list(shared)], ["owner", "!=", user], ["assigned_to", "!=", user]])
	return parts


def read_in_order(query: TaskQuery) -> bool:
	"""Whether an index walks `query`'s matches in the order of last change: a page after a cursor
	(bounded on `modified`, it walks from there), none filtered, or one status and one priority
	(the (status, priority, modified) index, and each party's). Any other filter makes the database
	gather every match and sort them."""
	chosen = {fieldname: value for fieldname, _operator, value in query.filters}
	if "modified" in chosen:
		return True
	if query.or_filters:
		return False
	if not chosen:
		return True
	return chosen.keys() == {"status", "priority"} and all(len(value) == 1 for value in chosen.values())


def window_pieces(query: TaskQuery) -> list[TaskQuery]:
	"""`query` as disjoint parts whose counts (and rows) add up to its own. A date window (tasks
	starting in it, or due in it; "today" is one) is those starting in it, then those due in it that
	start outside it: a statement without OR walks one index, where OR makes the database gather
	every match first."""
	if len(query.or_filters) != 2 or query.or_filters[0][0] != "start_date":
		return [query]
	start, due = query.or_filters
	outside = _outside(start)
	if outside is None:
		return [query]
	return [
		replace(query, filters=[*query.filters, start], or_filters=[]),
		replace(query, filters=[*query.filters, due], or_filters=outside),
	]


def _outside(condition: Filter) -> list[Filter] | None:
	"""The or-filters of the tasks whose start date misses `condition`. A task with no start date
	is among them: frappe.get_list reads `<` on a date as `ifnull(field, '0001-01-01') < X` (see
	EARLIEST), so `<` matches it; "is not set" cannot be used on a date on PostgreSQL (Frappe
	compares it with '')."""
	fieldname, operator, value = condition
	if operator == "between":
		return [[fieldname, "<", value[0]], [fieldname, ">", value[1]]]
	if operator == ">=":
		return [[fieldname, "<", value]]
	if operator == "=":
		return [[fieldname, "<", value], [fieldname, ">", value]]
	return None


def column(fieldname: str, table: str = f"tab{DOCTYPE}") -> str:
	return f"`{table}`.`{fieldname}`"


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


def sort_terms(terms: Sequence[tuple[str, str]]) -> tuple[SortTerm, ...]:
	"""The columns parsed terms sort on; `name` breaks ties so pages never overlap."""
	columns = tuple((ORDERABLE[fieldname], direction) for fieldname, direction in terms)
	if "name" not in (fieldname for fieldname, _direction in terms):
		columns += (("name", terms[-1][1] if terms else "desc"),)
	return columns


def order_by_sql(terms: Sequence[tuple[str, str]]) -> str:
	"""SQL ORDER BY text from parsed terms (see `sort_terms`)."""
	return sort_sql(sort_terms(terms))


def sort_sql(sort: Sequence[SortTerm], table: str | None = f"tab{DOCTYPE}") -> str:
	"""ORDER BY text naming the columns of `table`; `table=None` names the columns alone, for a
	statement over selected rows."""
	parts = []
	for column_name, direction in sort:
		name = column(column_name, table) if table else f"`{column_name}`"
		if direction == NULLS_LAST:
			parts.append(f"{name} is null")
		parts.append(f"{name} {'desc' if direction == 'desc' else 'asc'}")
	return ", ".join(parts)


def union_page_sql(
	statements: Sequence[str], sort: Sequence[SortTerm], start: int, limit: int, *, bare_members: bool = False
) -> str:
	"""Rows `start` to `start + limit`, in `sort` order, of what `statements` select together. Each
	statement selects the sort columns, in `sort` order, up to its first `start + limit` rows: no
	more can be on the page. The database merges them and sends only the page.

	`bare_members`: each statement is a member of the union in parentheses, as MariaDB takes it,
	where other databases need a select around each: one table more for the database to fill per
	statement (a seller's sync page of 100 read 1.65 ms of SQL with them, 1.46 ms without)."""
	order = f"order by {sort_sql(sort, table=None)} limit {int(limit)} offset {int(start)}"
	if bare_members:
		return f"{' union all '.join(f'({statement})' for statement in statements)} {order}"
	each = (f"select * from ({statement}) as part_{index}" for index, statement in enumerate(statements))
	return f"select * from ({' union all '.join(each)}) as parts {order}"


def part_sql(
	statement: str,
	where: str,
	columns: Sequence[str],
	sort: Sequence[SortTerm],
	limit: int,
	as_text: Collection[str] = (),
) -> str:
	"""The first `limit` rows, in `sort` order, of those `statement` selects that meet `where`
	(`conditions_sql`), as `columns`, those in `as_text` as text. `statement` selects a list's
	matches with the caller's permissions, and every column `where` names; `where` only narrows it.
	Databases merge a select over a plain select into one, so the index that serves `where` reads
	it, in the order of the matches' own columns (not of a column selected as text)."""
	return (
		f"select {selected_sql(columns, as_text)} from ({statement}) as matches"
		f" where {where} order by {sort_sql(sort, table='matches')} limit {int(limit)}"
	)


def selected_sql(columns: Sequence[str], as_text: Collection[str] = ()) -> str:
	"""A select list of `columns`, those in `as_text` as text under their own names."""
	return ", ".join(
		f"cast(`{name}` as char) as `{name}`" if name in as_text else f"`{name}`" for name in columns
	)


def conditions_sql(filters: Sequence[Filter], escape: Quote, or_filters: Sequence[Filter] = ()) -> str:
	"""The app's own filters (the parts of `visible_parts`, a bound on `modified`, the buckets'
	fixed lists) as one SQL condition, each term as frappe.get_list reads it. `escape` quotes a
	value as frappe.get_list does (crm/common/records.py `sql_literal`)."""
	terms = [_condition(term, escape) for term in filters]
	if or_filters:
		terms.append(f"({' or '.join(_condition(term, escape) for term in or_filters)})")
	return " and ".join(terms) or "1 = 1"


# How frappe.get_list reads each operator: `!=` and `not in` also match a missing value, and so
# does `<` on a date (read as 0001-01-01, see EARLIEST); `>`, `>=` and `between` never do.
_OPERATORS = {
	"=": "`{column}` = {value}",
	"!=": "coalesce(`{column}`, '') != {value}",
	"<": "coalesce(`{column}`, '0001-01-01') < {value}",
	">": "`{column}` > {value}",
	">=": "`{column}` >= {value}",
	"in": "`{column}` in ({value})",
	"not in": "coalesce(`{column}`, '') not in ({value})",
	"between": "`{column}` between {value}",
}


def _condition(term: Filter, escape: Quote) -> str:
	fieldname, operator, value = term
	values = value if operator in ("in", "not in", "between") else [value]
	if not values:
		return "1 = 0" if operator == "in" else "1 = 1"
	quoted = (" and " if operator == "between" else ", ").join(escape(str(one)) for one in values)
	return _OPERATORS[operator].format(column=fieldname, value=quoted)


def filter_columns(*filter_lists: Sequence[Filter]) -> list[str]:
	"""The columns `filter_lists` name, for the statement their conditions narrow (`part_sql`)."""
	return list(dict.fromkeys(name for filters in filter_lists for name, _operator, _value in filters))


def keyed_rows_sql(statement: str, keys: str, columns: Sequence[str], as_text: Collection[str] = ()) -> str:
	"""`columns` (those in `as_text` as text) of the rows `statement` selects whose names `keys`
	selects, in no order."""
	return (
		f"select {selected_sql(columns, as_text)} from ({statement}) as matches"
		f" where `name` in (select `name` from ({keys}) as list_keys)"
	)


def lists_sql(statements: Sequence[tuple[str, Sequence[SortTerm]]]) -> str:
	"""What each statement selects, in one statement: every row with the index of its statement
	(`list_index`) and its place in that statement's `sort` (`list_position`), in that order. The
	statements must select the same columns."""
	each = (
		f"select {index} as list_index, row_number() over (order by {sort_sql(sort, table=None)})"
		f" as list_position, list_{index}.* from ({statement}) as list_{index}"
		for index, (statement, sort) in enumerate(statements)
	)
	return f"{' union all '.join(each)} order by list_index, list_position"


def one_direction(sort: Sequence[SortTerm]) -> bool:
	"""Whether `sort` runs one way throughout, as an index walk can; mixed directions and undated
	last are sorted by the database."""
	return len({direction for _column, direction in sort}) == 1 and sort[0][1] != NULLS_LAST


def index_ordered(sort: Sequence[SortTerm]) -> bool:
	"""Whether an index walk gives `sort`: one direction throughout, or the upcoming order, which
	an index keeps with `priority_rank` descending (crm/core/task_indexes.py)."""
	return one_direction(sort) or tuple(sort) == UPCOMING_ORDER


def mergeable(sort: Sequence[SortTerm]) -> tuple[SortTerm, ...]:
	"""`sort` when a list in that order may be read in parts and merged, else ()."""
	return tuple(sort) if all(column_name in MERGEABLE for column_name, _d in sort) else ()


def _today_or_filters(today: date) -> list[Filter]:
	day = datetime.combine(today, datetime.min.time())
	return [
		["start_date", "=", today],
		["due_date", "between", [day, day + timedelta(days=1, microseconds=-1)]],
	]


def today_query(today: date) -> TaskQuery:
	"""Tasks that start today or are due today: most important first, then soonest due, undated last."""
	return ordered(
		TaskQuery(or_filters=_today_or_filters(today)),
		(("priority_rank", "desc"), ("due_date", NULLS_LAST), ("name", "asc")),
	)


def ordered(query: TaskQuery, sort: tuple[SortTerm, ...]) -> TaskQuery:
	return TaskQuery(query.filters, query.or_filters, sort_sql(sort), mergeable(sort))


def late_query(today: date) -> TaskQuery:
	"""Tasks due before today that are not finished, most overdue first."""
	before_today = datetime.combine(today, datetime.min.time()) - timedelta(microseconds=1)
	filters = [
		["due_date", "between", [EARLIEST, before_today]],
		["status", "not in", list(DONE_STATUSES)],
	]
	return ordered(TaskQuery(filters=filters), (("due_date", "asc"), ("name", "asc")))


def upcoming_query(today: date) -> TaskQuery:
	"""Tasks starting after today, soonest first, then most important: read in an index's order
	(`index_ordered`), so the database stops at the list's end."""
	return ordered(TaskQuery(filters=[["start_date", ">", today]]), UPCOMING_ORDER)


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
	return ordered(TaskQuery(filters=filters, or_filters=or_filters), sort_terms(order_terms))
