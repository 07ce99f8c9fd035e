"""Reads and writes of CRM Task for the mobile API, always through the caller's permissions.

Lists go through `frappe.get_list` (roles, CRM Task's rule, sharing and User Permissions applied),
read in parts by crm/mobile/task_reads.py; single records are checked with the document's own
`check_permission`.
"""

from datetime import date, datetime, timedelta, timezone
from typing import Any

import frappe
from frappe import _
from frappe.utils import get_datetime, get_system_timezone, now_datetime

from crm.common.errors import ConflictError
from crm.common.records import get_checked
from crm.core import task_queries
from crm.core import tasks as core
from crm.core.task_queries import TaskQuery
from crm.core.tasks import DOCTYPE, serialize_task
from crm.mobile import task_reads


def site_today() -> date:
	return task_queries.site_today(datetime.now(timezone.utc), get_system_timezone())


def first_tasks(query: TaskQuery, limit: int) -> list[dict[str, Any]]:
	"""The first `limit` tasks of a list of the app's own fixed filters (home's today), read as the
	buckets are: one build and one statement (`task_reads.first_rows_together`)."""
	return [serialize_task(row) for row in task_reads.first_rows_together([query], limit)[0]]


def buckets(today: date, limit: int) -> dict[str, list[dict[str, Any]]]:
	"""Today's tasks, the late ones and the upcoming ones (docs/mobile-api.md), the first `limit`
	of each, read together (`task_reads.first_rows_together`)."""
	queries = {
		"today": task_queries.today_query(today),
		"late": task_queries.late_query(today),
		"upcoming": task_queries.upcoming_query(today),
	}
	found = task_reads.first_rows_together(list(queries.values()), limit)
	return {
		bucket: [serialize_task(row) for row in rows] for bucket, rows in zip(queries, found, strict=True)
	}


def task_page(query: TaskQuery, *, page: int, limit: int) -> dict[str, Any]:
	"""One page of a list, read by offset (`page_answer`)."""
	found = task_reads.rows(query, start=(page - 1) * limit, limit=limit + 1)
	return page_answer(query, found, page=page, limit=limit)


def page_answer(query: TaskQuery, found: list, *, page: int, limit: int) -> dict[str, Any]:
	"""Page `page` of a list from the rows read for it (one beyond `limit` when more follow), with
	the pagination fields of docs/mobile-api.md (`total` as task_reads counts it)."""
	start = (page - 1) * limit
	return {
		"data": [serialize_task(row) for row in found[:limit]],
		"page": page,
		"page_size": limit,
		**task_reads.page_total(query, start, len(found), limit),
		"has_next": len(found) > limit,
	}


def get_task(task_id: int, ptype: str = "read") -> Any:
	"""The task, or 404 when it does not exist, or 403 when the caller may not `ptype` it."""
	return get_checked(DOCTYPE, task_id, ptype)


def insert_task(values: dict[str, Any], idempotency_key: object = None) -> dict[str, Any]:
	"""A new task; with an `idempotency_key` already used by this caller in the last 24 hours, the
	task that key made (a retried create never makes a second task)."""
	digest = core.idempotency_digest(frappe.session.user, idempotency_key)
	if digest and (first := _task_for_key(digest)):
		return first
	# Checked before anything else (insert checks again, but after validating links), so a caller
	# who may not create tasks gets 403, never a 417 about the values they sent.
	frappe.has_permission(DOCTYPE, "create", throw=True)
	doc = frappe.new_doc(DOCTYPE)
	doc.update(values)
	doc.idempotency_key = digest
	try:
		doc.insert()
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError, frappe.QueryDeadlockError):
		if not digest:
			raise
		# The same retry, a moment earlier, holds the key. This request has written nothing yet:
		# end its transaction, so the next read is fresh, and wait (locking read) for that one.
		frappe.db.rollback()
		return _task_for_key(digest, latest=True)
	return _answer(doc)


def _task_for_key(digest: str, latest: bool = False) -> dict[str, Any] | None:
	# `latest`: a locking read, which sees the row another transaction has just committed.
	row = frappe.db.get_value(
		DOCTYPE, {"idempotency_key": digest}, ["name", "creation"], as_dict=True, for_update=latest
	)
	if not row:
		return None
	if get_datetime(row.creation) < now_datetime() - timedelta(hours=core.IDEMPOTENCY_HOURS):
		frappe.db.set_value(DOCTYPE, row.name, "idempotency_key", None, update_modified=False)
		return None
	return _answer(get_task(row.name))


def expire_idempotency_keys() -> None:
	"""Hourly: forget keys older than IDEMPOTENCY_HOURS (the unique index then stays small)."""
	task = frappe.qb.DocType(DOCTYPE)
	cutoff = now_datetime() - timedelta(hours=core.IDEMPOTENCY_HOURS)
	(
		frappe.qb.update(task)
		.set(task.idempotency_key, None)
		.where(task.idempotency_key.isnotnull() & (task.creation < cutoff))
	).run()


def update_task(task_id: int, values: dict[str, Any], modified: object = None) -> dict[str, Any]:
	"""Change the task. With `modified`, only if the task has not changed since: else 409 with the
	current task in `task` (the row is locked from the check to the save)."""
	doc = get_task(task_id, "write")
	if modified not in (None, ""):
		stored = frappe.db.get_value(DOCTYPE, task_id, "modified", for_update=True)
		if core.is_stale(modified, stored, get_system_timezone()):
			doc.reload()
			frappe.local.response["task"] = serialize_task(doc.as_dict(), detail=True)
			frappe.throw(
				_("Task {0} was changed by someone else at {1}: the current task is in `task`").format(
					task_id, stored
				),
				ConflictError,
				title=_("Conflict"),
			)
	doc.update(values)
	doc.save()
	return _answer(doc)


def delete_task(task_id: int) -> None:
	get_task(task_id, "delete")
	frappe.delete_doc(DOCTYPE, task_id)


def _answer(doc: Any) -> dict[str, Any]:
	# Reload: moving the assignment (ToDo) in on_update writes `assigned_to` and `modified`.
	doc.reload()
	return serialize_task(doc.as_dict(), detail=True)
