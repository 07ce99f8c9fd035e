"""Reads and writes of CRM Task for the mobile API, always through the caller's permissions.

Lists go through `frappe.get_list` (roles, owner rules, sharing and User Permissions applied);
single records are checked with the document's own `check_permission`.
"""

from datetime import date, datetime, timezone
from typing import Any

import frappe
from frappe.utils import get_system_timezone

from crm.common.records import get_checked, paged
from crm.core import task_queries
from crm.core.task_queries import TaskQuery
from crm.core.tasks import DOCTYPE, LIST_FIELDS, serialize_task


def site_today() -> date:
	return task_queries.site_today(datetime.now(timezone.utc), get_system_timezone())


def list_tasks(query: TaskQuery, *, start: int = 0, limit: int = 20) -> list[dict[str, Any]]:
	rows = frappe.get_list(
		DOCTYPE,
		fields=list(LIST_FIELDS),
		filters=query.filters,
		or_filters=query.or_filters,
		order_by=query.order_by,
		limit_start=start,
		limit_page_length=limit,
	)
	return [serialize_task(row) for row in rows]


def task_page(query: TaskQuery, *, page: int, limit: int) -> dict[str, Any]:
	"""One page of a list with the seed's pagination fields."""
	return paged(
		DOCTYPE,
		fields=list(LIST_FIELDS),
		filters=query.filters,
		or_filters=query.or_filters,
		order_by=query.order_by,
		page=page,
		limit=limit,
		serialize=serialize_task,
	)


def get_task(task_id: int, ptype: str = "read") -> Any:
	"""The task, or 404 when it does not exist, or 403 when the caller may not `ptype` it."""
	return get_checked(DOCTYPE, task_id, ptype)


def insert_task(values: dict[str, Any]) -> dict[str, Any]:
	# Checked before anything else (insert checks again, but after validating links), so a caller
	# who may not create tasks gets 403, never a 417 about the values they sent.
	frappe.has_permission(DOCTYPE, "create", throw=True)
	doc = frappe.new_doc(DOCTYPE)
	doc.update(values)
	doc.insert()
	return _answer(doc)


def update_task(task_id: int, values: dict[str, Any]) -> dict[str, Any]:
	doc = get_task(task_id, "write")
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
