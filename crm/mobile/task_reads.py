"""CRM Task lists read in parts, each part served by its own index (docs/benchmarks.md).

A Sales User sees the tasks they own and the tasks assigned to them (CRM Task's permission rule,
docs/mobile-api.md). One query for both, `owner = u or assigned_to = u`, makes the database gather
and sort every such task before it returns the first twenty (16x ping at a million tasks); one
query per part reads just the rows it returns, through the (owner, …) or (assigned_to, …) index
(crm/core/task_indexes.py), and the database merges the parts in the list's order in the same
statement (`task_queries.union_page_sql`). A manager's list is one part. Every statement is built
by `frappe.get_list`, so the permission rule and User Permissions apply; a part only narrows the
list's matches as it selects them (`task_queries.part_sql`).

`total` is counted up to TOTAL_CAP: exact below it, and TOTAL_CAP with `total_exact` false above.
"""

import dataclasses
from collections.abc import Sequence
from typing import Any

import frappe
from frappe.utils import get_datetime

from crm.common import db_differences, read_hints, task_shares, task_versions
from crm.common.records import DEEP_OFFSET, counted_up_to, rows_by_name, sql_literal
from crm.core import task_queries
from crm.core.roles import sees_every_task
from crm.core.task_queries import TaskQuery
from crm.core.tasks import DATETIME_FIELDS, DOCTYPE, LIST_FIELDS

TOTAL_CAP = 1000


def visible() -> list[list]:
	"""What the caller may see, as the filters of each part (one empty part for a manager)."""
	user = frappe.session.user
	if sees_every_task(user, frappe.get_roles(user)):
		return [[]]
	return _holding_tasks(task_queries.visible_parts(user, False, task_shares.shared_with(user)))


def _holding_tasks(parts: list[list]) -> list[list]:
	"""The parts that hold any task (one at least), kept while the caller's task version stands:
	a seller who owns no task, or was assigned none, is read in one part."""
	held = task_versions.kept("task-parts", lambda: _held(parts), parts)
	return [parts[index] for index in held] or parts[:1]


def _held(parts: list[list]) -> list[int]:
	"""The indexes of the parts that hold any task. That every part holds some is also kept a few
	minutes whatever changes (crm/common/read_hints.py): a part that has emptied since costs its
	statement one index probe, never an answer, so a change to the caller's tasks does not make
	them probe their parts again. That a part holds none stays under the task version: a task may
	come to it."""
	if read_hints.kept("task-parts-all-held", parts):
		return list(range(len(parts)))
	held = [index for index, part in enumerate(parts) if _holds_any(part)]
	if len(held) == len(parts):
		read_hints.keep(True, "task-parts-all-held", parts)
	return held


def _holds_any(part: list) -> bool:
	return bool(frappe.get_list(DOCTYPE, filters=part, pluck="name", limit_page_length=1))


def within(query: TaskQuery, part: list) -> TaskQuery:
	"""`query` in one part."""
	return dataclasses.replace(query, filters=[*query.filters, *part])


def split(query: TaskQuery) -> list[TaskQuery]:
	"""`query` once for each part of what the caller may see."""
	return [within(query, part) for part in visible()]


def rows(
	query: TaskQuery, *, fields: Sequence[str] = LIST_FIELDS, start: int = 0, limit: int = 20
) -> list[Any]:
	"""Rows `start` to `start + limit` of `query`, as `frappe.get_list` answers them.

	A list whose order cannot be merged (`query.sort` empty) is read in one query. In parts, the
	database merges the parts' statements (`_merged`). A filtered list by last change is read among
	the recent tasks first (`_recent_first`). In one part, a list the database must sort whole (a
	date window, "today" too, or an order in mixed directions) sorts its keys first
	(`_sorted_keys_first`); from DEEP_OFFSET on, the page's names are found first (see
	crm.common.records.DEEP_OFFSET)."""
	if not start and (statement := _first_rows_sql(query, fields, limit)):
		return frappe.db.sql(statement, as_dict=True)
	seen = visible() if query.sort else [[]]
	if start < DEEP_OFFSET and (found := _recent_first(query, seen, fields, start, limit)) is not None:
		return found
	if len(seen) > 1 or (seen != [[]] and start < DEEP_OFFSET):  # a seller's few thousand, or more parts
		return _merged(query, seen, fields, start, limit)
	return _one_part(within(query, seen[0]), fields, start, limit)


def first_rows_together(queries: Sequence[TaskQuery], limit: int) -> list[list]:
	"""The first `limit` rows of each of `queries`, lists of the app's own fixed filters (the
	buckets: `task_queries.conditions_sql` writes them), in one statement: `frappe.get_list` builds
	the select of every task the caller may read once, and each list, in each part of what the
	caller sees, narrows it (`task_queries.lists_sql`). One build for all, where one per list cost
	about a millisecond each (docs/benchmarks.md)."""
	sorted_by = {column: None for query in queries for column, _d in query.sort if column not in LIST_FIELDS}
	fields = [*LIST_FIELDS, *sorted_by]  # the same columns in every list
	parts = visible()
	named = task_queries.filter_columns(*parts, *(query.filters + query.or_filters for query in queries))
	matches = _matches_sql(TaskQuery(), [*fields, *(name for name in named if name not in fields)])
	statements = [(_first_rows_of(matches, query, parts, fields, limit), query.sort) for query in queries]
	return _read_together(statements)


def _first_rows_of(matches: str, query: TaskQuery, parts: list[list], fields: list[str], limit: int) -> str:
	"""The statement of `query`'s first `limit` rows among `matches`: merged from each part's; for
	one who sees every task, a list the database must sort whole has its keys sorted first
	(`_keys_first`), then its rows read, in no order (`task_queries.lists_sql` gives it)."""
	pieces = task_queries.window_pieces(query)
	if parts != [[]] or not _keys_first(query, pieces):
		return _merged_sql(matches, query, parts, fields, 0, limit)
	keys = [_narrowed(matches, piece, [], ["name"], limit) for piece in pieces]
	sorted_keys = _union_page_sql(keys, query.sort, 0, limit)
	return task_queries.keyed_rows_sql(matches, sorted_keys, fields, _as_text(fields))


def _merged_sql(
	matches: str, query: TaskQuery, parts: list[list], fields: Sequence[str], start: int, limit: int
) -> str:
	"""Rows `start` to `start + limit` of `query` among `matches`: each part's first rows, merged by
	the database (one part's first rows are its own)."""
	if len(parts) == 1 and not start:
		return _narrowed(matches, query, parts[0], fields, limit)
	statements = [_narrowed(matches, query, part, fields, start + limit) for part in parts]
	return _union_page_sql(statements, query.sort, start, limit)


def _narrowed(matches: str, query: TaskQuery, part: list, columns: Sequence[str], limit: int) -> str:
	"""`query`'s first `limit` rows in `part` among `matches`, as `columns` and its sort columns."""
	where = task_queries.conditions_sql([*query.filters, *part], sql_literal, query.or_filters)
	selected = _with_sort_columns(columns, query.sort)
	return task_queries.part_sql(matches, where, selected, query.sort, limit, _as_text(selected))


def _as_text(columns: Sequence[str]) -> tuple[str, ...]:
	"""The Datetime columns among `columns` the database is to send as text, where that saves
	parsing them (`db_differences.datetimes_sent_as_text`); `serialize_task` reads either."""
	if not db_differences.datetimes_sent_as_text():
		return ()
	return tuple(name for name in DATETIME_FIELDS if name in columns)


def _read_together(statements: list[tuple[str, Any]]) -> list[list]:
	lists: list[list] = [[] for _statement in statements]
	for row in frappe.db.sql(task_queries.lists_sql(statements), as_dict=True):
		lists[row.list_index].append(row)
	return lists


def _first_rows_sql(query: TaskQuery, fields: Sequence[str], limit: int) -> str | None:
	"""The one statement that reads the first `limit` rows of `query` for `rows`, in its order.
	None when `rows` reads them otherwise (newest first among recent tasks, or the keys first)."""
	if _newest_first(query):
		return None
	if not query.sort:  # an order the parts cannot merge: Frappe's own statement
		return _read(query, fields, 0, limit, as_sql=True)
	seen = visible()
	if seen == [[]] and _keys_first(query, task_queries.window_pieces(query)):
		return None
	return _in_parts_sql(query, seen, fields, 0, limit)


def _one_part(query: TaskQuery, fields: Sequence[str], start: int, limit: int) -> list:
	pieces = task_queries.window_pieces(query)
	if start < DEEP_OFFSET and _keys_first(query, pieces):
		return _sorted_keys_first(query, pieces, fields, start, limit)
	if start < DEEP_OFFSET:
		return _read(query, fields, start, limit)
	return _by_name(query, [key.name for key in _read(query, ["name"], start, limit)], fields)


def _keys_first(query: TaskQuery, pieces: list[TaskQuery]) -> bool:
	"""Whether the database must gather and sort every match (a date window, or an order no index
	gives): then it sorts their keys, from the indexes alone, rather than their rows."""
	return bool(query.sort) and (len(pieces) > 1 or not task_queries.index_ordered(query.sort))


def _sorted_keys_first(
	query: TaskQuery, pieces: list[TaskQuery], fields: Sequence[str], start: int, limit: int
) -> list:
	"""The page's keys, each piece of a date window apart (no OR) and merged by the database, then
	only the page's rows."""
	keys = _union(pieces, query.sort, ["name"], start, limit)
	return _by_name(query, [key.name for key in keys], fields)


def _page(query: TaskQuery, parts: list[list], fields: Sequence[str], start: int, limit: int) -> list:
	if len(parts) == 1:
		return _read(within(query, parts[0]), fields, start, limit)
	return _merged(query, parts, fields, start, limit)


def _merged(query: TaskQuery, parts: list[list], fields: Sequence[str], start: int, limit: int) -> list:
	"""The first page whole; a later one by its keys (names and sort values, from each part's index
	alone), then only its rows."""
	if not start:
		return frappe.db.sql(_in_parts_sql(query, parts, fields, 0, limit), as_dict=True)
	keys = frappe.db.sql(_in_parts_sql(query, parts, ["name"], start, limit), as_dict=True)
	return _by_name(query, [key.name for key in keys], fields)


def _in_parts_sql(query: TaskQuery, parts: list[list], fields: Sequence[str], start: int, limit: int) -> str:
	"""Rows `start` to `start + limit` of `query` in `parts`, in one statement. `frappe.get_list`
	builds the select of the list's matches once, with the caller's permissions; each part narrows
	it to its own first rows (`task_queries.part_sql`, read through the part's index), and the
	database merges them. One build per list, where a build per part cost about a millisecond each
	(docs/benchmarks.md)."""
	columns = _with_sort_columns(fields, query.sort)
	named = [column for column in task_queries.filter_columns(*parts) if column not in columns]
	matches = _matches_sql(query, [*columns, *named])
	only_parts = TaskQuery(sort=query.sort)  # `matches` already holds the query's own filters
	return _merged_sql(matches, only_parts, parts, columns, start, limit)


def _matches_sql(query: TaskQuery, fields: Sequence[str]) -> str:
	"""The select of every match of `query` the caller may read, in no order and uncut (no limit):
	an order or a limit would keep the database from merging a select around it into one."""
	return _read(dataclasses.replace(query, order_by=""), fields, 0, 0, as_sql=True)


def _union(pieces: list[TaskQuery], sort, fields: Sequence[str], start: int, limit: int) -> list:
	"""Rows `start` to `start + limit` of what `pieces` (each its own query) select, merged."""
	columns = _with_sort_columns(fields, sort)
	statements = [_read(piece, columns, 0, start + limit, as_sql=True) for piece in pieces]
	return frappe.db.sql(_union_page_sql(statements, sort, start, limit), as_dict=True)


def _union_page_sql(statements: list[str], sort, start: int, limit: int) -> str:
	bare = db_differences.unions_take_bare_members()
	return task_queries.union_page_sql(statements, sort, start, limit, bare_members=bare)


def _with_sort_columns(fields: Sequence[str], sort) -> list[str]:
	return [*fields, *(column for column, _d in sort if column not in fields)]


def total(query: TaskQuery) -> dict[str, Any]:
	"""`total` (up to TOTAL_CAP) and `total_exact`, kept while the caller's tasks stand
	(crm/common/task_versions.py): the pages of a list, and its refreshes, count it once."""
	return _capped(task_versions.kept("task-total", lambda: _counted(query), query))


def _counted(query: TaskQuery) -> int:
	"""The matches of `query`, each part of what the caller sees and each part of a date window
	(`task_queries.window_pieces`) counted only up to what the cap still needs."""
	matched = 0
	for part in split(query):
		for piece in task_queries.window_pieces(part):
			if matched > TOTAL_CAP:
				break
			wanted = TOTAL_CAP + 1 - matched
			matched += counted_up_to(wanted, DOCTYPE, filters=piece.filters, or_filters=piece.or_filters)
	return matched


def page_total(query: TaskQuery, start: int, found: int, limit: int) -> dict[str, Any]:
	"""`total` for a page that read `found` rows from `start` (one beyond `limit` when more follow):
	the list's last page tells it (the rows before it, and its own) without counting."""
	if found <= limit and (found or not start):
		return _capped(start + found)
	return total(query)


def _capped(matched: int) -> dict[str, Any]:
	"""`total` and `total_exact` for `matched` tasks: exact up to TOTAL_CAP."""
	return {"total": min(matched, TOTAL_CAP), "total_exact": matched <= TOTAL_CAP}


# A filtered list by last change: the database would gather every match through the filter's own
# index and sort them all (a manager's ±30-day window at a million tasks: over a second). Bounded,
# in each part, to the tasks changed most recently, it walks the part's index by `modified` and
# stops at the page's end. The page is the list's own when it is full and its last row changed at
# or after every part's bound (an unread older task would come after it). Otherwise the bound widens
# tenfold; then the plain query runs.
RECENT_BOUNDS = (2_000, 20_000)
# That test holds whatever the bound, so a part's bound is kept a few minutes (crm/common/
# read_hints.py; finding it walks thousands of index entries: 3 to 5 ms a part for a seller): a
# bound gone stale only makes the walk longer, or a page too short, which the next bound then reads.


def _newest_first(query: TaskQuery) -> bool:
	"""Whether `query` is a filtered list by last change that no index walks in order."""
	return not task_queries.read_in_order(query) and query.sort[:1] == (("modified", "desc"),)


def _recent_first(
	query: TaskQuery, seen: list[list], fields: Sequence[str], start: int, limit: int
) -> list | None:
	if not _newest_first(query):
		return None
	for depth in RECENT_BOUNDS:
		bounds = [_modified_at(part, start + depth) for part in seen]
		if all(since is None for since in bounds):  # fewer tasks than that: the plain query is cheap
			return None
		parts = [[*part, *_changed_since(since)] for part, since in zip(seen, bounds, strict=True)]
		found = _page(query, parts, fields, start, limit)
		if len(found) == limit and _after_every_bound(found[-1].modified, bounds):
			return found
	return None


def _changed_since(since: Any) -> list[list]:
	return [["modified", ">=", since]] if since is not None else []


def _after_every_bound(modified: Any, bounds: list) -> bool:
	moment = get_datetime(modified)
	return all(since is None or moment >= get_datetime(since) for since in bounds)


def _modified_at(part: list, depth: int) -> Any:
	"""When the task at `depth` of a part, in the order of last change, changed (from the index);
	kept a few minutes for the caller ("" for a part with fewer tasks)."""
	if (kept := read_hints.kept("task-bound", part, depth)) is not None:
		return kept or None
	found = frappe.get_list(
		DOCTYPE,
		fields=["modified"],
		filters=part,
		order_by=f"`tab{DOCTYPE}`.`modified` desc",
		limit_start=depth,
		limit_page_length=1,
		pluck="modified",
	)
	bound = found[0] if found else None
	read_hints.keep(bound or "", "task-bound", part, depth)
	return bound


def _read(query: TaskQuery, fields: Sequence[str], start: int, limit: int, as_sql: bool = False) -> Any:
	"""Rows `start` to `start + limit` of `query` as the caller may read them (`frappe.get_list`);
	`as_sql=True`: the statement that reads them, for a statement around it."""
	return frappe.get_list(
		DOCTYPE,
		fields=list(fields),
		filters=query.filters,
		or_filters=query.or_filters,
		order_by=query.order_by,
		limit_start=start,
		limit_page_length=limit,
		run=not as_sql,
	)


def _by_name(query: TaskQuery, names: list, fields: Sequence[str]) -> list[Any]:
	return rows_by_name(frappe.get_list, DOCTYPE, list(fields), _filters_of(query), names)


def _filters_of(query: TaskQuery) -> dict[str, list]:
	return {"filters": query.filters, "or_filters": query.or_filters}
