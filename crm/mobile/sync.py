"""Keyset pages (`cursor`/`next_cursor`) and delta sync of CRM Task for offline-first clients."""

from datetime import datetime
from typing import Any

import frappe
from frappe.query_builder.functions import Max
from frappe.utils import now_datetime
from frappe.utils.password import get_encryption_key

from crm.common import task_versions
from crm.common.db_differences import ids_compare_as_text
from crm.core import cursors
from crm.core.roles import sees_every_task
from crm.core.task_queries import TaskQuery, ordered
from crm.core.tasks import DOCTYPE, serialize_task, stored_mention, was_visible_to
from crm.mobile import task_reads, tasks


def _secret() -> bytes:
	return ("crm-cursor:" + get_encryption_key()).encode()


def _rows(query: TaskQuery, position: cursors.Position | None, limit: int) -> tuple[list, bool]:
	"""Up to `limit` rows after `position` (with the caller's permissions), and whether more follow."""
	found = _found(query, position, limit)
	return found[:limit], len(found) > limit


def _found(query: TaskQuery, position: cursors.Position | None, limit: int) -> list:
	"""Up to `limit` + 1 rows after `position`. A list with or-filters of its own (a date range)
	also reads the rows tied on the exact sort value already returned, and drops them."""
	wanted, rows = limit + 1, []
	for bound, fresh in _bounds(position):
		rows.extend(_read(query, bound, _or_filters(query, position), fresh, wanted - len(rows)))
		if len(rows) >= wanted:
			break
	return rows


def _read(query: TaskQuery, bound: list, or_filters: list, fresh, wanted: int) -> list:
	"""Up to `wanted` fresh rows of `query` within `bound`, in the query's order."""
	rows, offset = [], 0
	while len(rows) < wanted:
		within = TaskQuery([*query.filters, *bound], or_filters, query.order_by, query.sort)
		batch = task_reads.rows(within, start=offset, limit=wanted)
		rows.extend(row for row in batch if fresh(row))
		if len(batch) < wanted:
			break
		offset += len(batch)
	return rows[:wanted]


def _keep(row: dict) -> bool:
	return True


def _bounds(position: cursors.Position | None) -> list[tuple[list, object]]:
	"""The filters that keep the rows after `position`, each with its test of a fresh row; read in
	turn. On PostgreSQL an id bound is split by id length (see `cursors.digit_classes`)."""
	if position is None:
		return [([], _keep)]
	if position.field == "name" and ids_compare_as_text():
		return [(bound, _keep) for bound in cursors.digit_classes(position, _longest_id())]
	return [cursors.after(position)]


def _or_filters(query: TaskQuery, position: cursors.Position | None) -> list:
	"""The query's own or-filters; otherwise the tie-break on the id that drops already returned
	rows in SQL, where ids compare as numbers (elsewhere `cursors.after`'s test drops them)."""
	if query.or_filters or position is None or ids_compare_as_text():
		return query.or_filters
	return cursors.strictly_after(position)


def _longest_id() -> int:
	"""Digits of the largest task id: where a walk up by id ends (a bound only, no row is read)."""
	table = frappe.qb.DocType(DOCTYPE)
	return len(str(frappe.qb.from_(table).select(Max(table.name)).run()[0][0] or 0))


def next_cursor(order: tuple[str, str], last: dict, scope: str) -> str:
	return cursors.encode(_position(order, last, scope), _secret())


def cursor_page(
	query: TaskQuery, order: tuple[str, str], cursor: str, limit: int, scope: str
) -> dict[str, Any]:
	"""The page after `cursor`: data, page_size, has_next, next_cursor (null at the end), total."""
	position = cursors.decode(cursor, _secret(), scope)  # the scope includes the order
	rows, more = _rows(query, position, limit)
	return {
		"data": [serialize_task(row) for row in rows],
		"page": None,
		"page_size": limit,
		**task_reads.total(query),
		"has_next": more,
		"next_cursor": next_cursor(order, rows[-1], scope) if more and rows else None,
	}


def numbered_page(
	query: TaskQuery, order: tuple[str, str], page: int, limit: int, scope: str
) -> dict[str, Any]:
	"""Page `page` of a list in a keyset order: `tasks.task_page`'s answer and `next_cursor`. A
	later page is read as a cursor page, after the row before it, which is found once while the
	caller's tasks stand (crm/common/task_versions.py): the next page, and the same page again,
	skip the offset walk."""
	start = (page - 1) * limit
	before = _kept_position(query, order, start - 1, scope) if start else None
	if before:
		answer = tasks.page_answer(query, _found(query, before, limit), page=page, limit=limit)
	else:
		answer = tasks.task_page(query, page=page, limit=limit)
	last = answer["data"][-1] if answer["data"] else None
	answer["next_cursor"] = next_cursor(order, last, scope) if last and answer["has_next"] else None
	return answer


def _kept_position(
	query: TaskQuery, order: tuple[str, str], index: int, scope: str
) -> cursors.Position | None:
	"""The position of the row at `index` of the list, kept while the caller's tasks stand."""
	return task_versions.kept("task-position", lambda: _position_at(query, order, index, scope), query, index)


def _position_at(query: TaskQuery, order: tuple[str, str], index: int, scope: str) -> cursors.Position | None:
	found = task_reads.rows(query, fields=["name", "modified"], start=index, limit=1)
	return _position(order, found[0], scope) if found else None


def _position(order: tuple[str, str], row: dict, scope: str) -> cursors.Position:
	value = str(row["modified"]) if order[0] == "modified" else str(row["name"])
	return cursors.Position(order[0], order[1], value, int(row["name"]), scope)


def sync(since: datetime | None, cursor: str | None, limit: int) -> dict[str, Any]:
	"""Tasks the caller may read changed since `since` (oldest change first, paged by `cursor`) and
	the ids of tasks deleted since then. When `has_more` is false the client stores `next_since`."""
	lower, next_since = cursors.sync_window(since, now_datetime())
	scope = cursors.fingerprint(since=str(since))
	order = ("modified", "asc")
	query = ordered(
		TaskQuery(filters=[["modified", ">=", lower]] if lower else []),
		(("modified", "asc"), ("name", "asc")),
	)
	position = cursors.decode(cursor, _secret(), scope) if cursor else None
	rows, more = _rows(query, position, limit)
	# Deletions come with the last page: none up to this moment is missed.
	deleted = _deleted_since(lower) if lower and not more else []
	return {
		"tasks": [serialize_task(row, detail=False) for row in rows],
		"deleted": deleted,
		"has_more": more,
		"next_cursor": next_cursor(order, rows[-1], scope) if more and rows else None,
		"next_since": str(next_since),
	}


def _deleted_since(lower: datetime) -> list[int]:
	"""Ids of the tasks deleted since `lower` that the caller could see, kept while the caller's
	tasks stand (deleting one of them renews their version: crm/common/task_versions.py)."""
	return task_versions.kept("task-deleted", lambda: _deleted_ids(lower), str(lower))


def _deleted_ids(lower: datetime) -> list[int]:
	"""Ids of the tasks deleted since `lower` that the caller could see (CRM Task's rule, read from
	the deleted task as Deleted Document keeps it)."""
	user = frappe.session.user
	everyone = sees_every_task(user, frappe.get_roles(user))
	return sorted(
		{
			int(row.deleted_name)
			for row in _deleted_rows(lower, None if everyone else user)
			if str(row.deleted_name).isdigit() and (everyone or was_visible_to(row.data, user))
		}
	)


def _deleted_rows(lower: datetime, seller: str | None) -> list:
	"""Deleted Document rows of CRM Task since `lower`; for a `seller`, only those whose kept task
	names them, with it (parsed by the caller), else their ids alone."""
	filters = {"deleted_doctype": DOCTYPE, "creation": (">=", lower)}
	if seller:
		filters["data"] = ("like", stored_mention(seller))
	fields = ["deleted_name", "data"] if seller else ["deleted_name"]
	return frappe.get_all("Deleted Document", filters=filters, fields=fields, order_by="creation asc")
