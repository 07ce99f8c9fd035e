"""CRM Task lists read in parts, each part served by its own index (docs/benchmarks.md).

A Sales User sees the tasks they own and the tasks assigned to them (CRM Task's permission rule,
docs/mobile-api.md). One query for both, `owner = u or assigned_to = u`, makes the database gather
and sort every such task before it returns the first twenty (16x ping at a million tasks); one
query per part reads just the rows it returns, through the (owner, …) or (assigned_to, …) index
(crm/core/task_indexes.py), and the database merges the parts in the list's order in the same
statement (`task_queries.union_page_sql`). A manager's list is one part. Every query goes
through `frappe.get_list`, so the permission rule and User Permissions still apply to each part.

`total` is counted up to TOTAL_CAP: exact below it, and TOTAL_CAP with `total_exact` false above.
"""

import dataclasses
from collections.abc import Sequence
from typing import Any

import frappe

from crm.common import task_shares
from crm.common.records import DEEP_OFFSET, counted_up_to, rows_by_name
from crm.core import task_queries
from crm.core.roles import sees_every_task
from crm.core.task_queries import TaskQuery
from crm.core.tasks import DOCTYPE, LIST_FIELDS

TOTAL_CAP = 1000


def split(query: TaskQuery) -> list[TaskQuery]:
	"""`query` once for each part of what the caller may see."""
	user = frappe.session.user
	if sees_every_task(user, frappe.get_roles(user)):
		return [query]
	shared = task_shares.shared_with(user)
	visible = task_queries.visible_parts(user, False, shared)
	return [dataclasses.replace(query, filters=[*query.filters, *part]) for part in visible]


def rows(
	query: TaskQuery, *, fields: Sequence[str] = LIST_FIELDS, start: int = 0, limit: int = 20
) -> list[Any]:
	"""Rows `start` to `start + limit` of `query`, as `frappe.get_list` answers them.

	A list whose order cannot be merged (`query.sort` empty) is read in one query. In parts, the
	database merges the parts' statements (`_merged`). In one part, from DEEP_OFFSET on, the page's
	names are found first (see crm.common.records.DEEP_OFFSET)."""
	parts = split(query) if query.sort else [query]
	if len(parts) > 1:
		return _merged(parts, query, fields, start, limit)
	if start < DEEP_OFFSET:
		return _recent_first(query, fields, start, limit) or _read(query, fields, start, limit)
	return _by_name(query, [key.name for key in _read(query, ["name"], start, limit)], fields)


def _merged(parts: list[TaskQuery], query: TaskQuery, fields: Sequence[str], start: int, limit: int) -> list:
	"""The first page whole; a later one by its keys (names and sort values, from each part's index
	alone), then only its rows."""
	if not start:
		return _union(parts, query.sort, fields, 0, limit)
	keys = _union(parts, query.sort, ["name"], start, limit)
	return _by_name(query, [key.name for key in keys], fields)


def _union(parts: list[TaskQuery], sort, fields: Sequence[str], start: int, limit: int) -> list:
	fields = [*fields, *(column for column, _d in sort if column not in fields)]
	statements = [_statement(part, fields, start + limit) for part in parts]
	return frappe.db.sql(task_queries.union_page_sql(statements, sort, start, limit), as_dict=True)


def total(query: TaskQuery) -> dict[str, Any]:
	"""`total` (up to TOTAL_CAP) and `total_exact`. Each part of what the caller sees, and each part
	of a date window (`task_queries.count_parts`), is counted only up to what the cap still needs."""
	matched = 0
	for part in split(query):
		for piece in task_queries.count_parts(part):
			if matched > TOTAL_CAP:
				break
			wanted = TOTAL_CAP + 1 - matched
			matched += counted_up_to(wanted, DOCTYPE, filters=piece.filters, or_filters=piece.or_filters)
	return {"total": min(matched, TOTAL_CAP), "total_exact": matched <= TOTAL_CAP}


# A filtered list by last change, read in one part (a manager's): the database would gather every
# match through the filter's own index and sort them all (a ±30-day window at a million tasks: over
# a second). Bounded to the tasks changed most recently, it walks the `modified` index and stops at
# the page's end. The bound widens tenfold while the page is not full; then the plain query runs.
RECENT_BOUNDS = (2_000, 20_000)


def _recent_first(query: TaskQuery, fields: Sequence[str], start: int, limit: int) -> list[Any] | None:
	if not (query.filters or query.or_filters) or query.sort[:1] != (("modified", "desc"),):
		return None
	for depth in RECENT_BOUNDS:
		since = _modified_at(start + depth)
		if since is None:  # fewer tasks than that: the plain query is cheap
			return None
		bounded = dataclasses.replace(query, filters=[*query.filters, ["modified", ">=", since]])
		found = _read(bounded, fields, start, limit)
		if len(found) == limit:
			return found
	return None


def _modified_at(depth: int) -> Any:
	"""When the task the caller sees at `depth` in the order of last change changed (from the index)."""
	found = frappe.get_list(
		DOCTYPE,
		fields=["modified"],
		order_by=f"`tab{DOCTYPE}`.`modified` desc",
		limit_start=depth,
		limit_page_length=1,
		pluck="modified",
	)
	return found[0] if found else None


def _statement(query: TaskQuery, fields: Sequence[str], limit: int) -> str:
	"""The SQL of `query`'s first `limit` rows as the caller may read them (`frappe.get_list`)."""
	return frappe.get_list(
		DOCTYPE,
		fields=list(fields),
		filters=query.filters,
		or_filters=query.or_filters,
		order_by=query.order_by,
		limit_page_length=limit,
		run=False,
	)


def _read(query: TaskQuery, fields: Sequence[str], start: int, limit: int) -> list[Any]:
	return frappe.get_list(
		DOCTYPE,
		fields=list(fields),
		filters=query.filters,
		or_filters=query.or_filters,
		order_by=query.order_by,
		limit_start=start,
		limit_page_length=limit,
	)


def _by_name(query: TaskQuery, names: list, fields: Sequence[str]) -> list[Any]:
	within = {"filters": query.filters, "or_filters": query.or_filters}
	return rows_by_name(frappe.get_list, DOCTYPE, list(fields), within, names)
