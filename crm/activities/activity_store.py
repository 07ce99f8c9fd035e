"""CRM Activity writes and the merged timeline of one record."""

import json
from typing import Any

import frappe

from crm.common.records import check_reference, counted, get_checked
from crm.core import activities as core
from crm.core import email_drafts, whatsapp


def create(values: dict[str, Any]) -> dict[str, Any]:
	check_reference(values["reference_doctype"], values["reference_name"])
	frappe.has_permission(core.DOCTYPE, "create", throw=True)
	doc = frappe.get_doc({"doctype": core.DOCTYPE, **values})
	doc.insert()
	return core.serialize_activity(doc.as_dict())


def update(name: str, values: dict[str, Any]) -> dict[str, Any]:
	doc = get_checked(core.DOCTYPE, name, "write")
	doc.update(values)
	doc.save()
	return core.serialize_activity(doc.as_dict())


def timeline(doctype: str, name: str, page: int, limit: int) -> dict[str, Any]:
	"""Activities, comments, emails and linked tasks with their changes, newest first.

	Permission is the record's (checked first). Each source reads only its newest page * limit
	rows and counts the rest, so an early page stays cheap however long the history is."""
	check_reference(doctype, name)
	depth = page * limit
	sources = [
		_activities(doctype, name, depth),
		_comments(doctype, name, depth),
		_emails(doctype, name, depth),
		_whatsapp(doctype, name, depth),
		*_tasks(doctype, name, depth),
	]
	total = sum(count for _items, count in sources)
	items = core.merge_newest_first([items for items, _count in sources], page, limit)
	return {"data": items, "page": page, "page_size": limit, "total": total, "has_next": page * limit < total}


def _read(
	doctype: str,
	filters: dict,
	fields: list[str],
	order_by: str,
	depth: int,
	skip_row_permissions: bool = True,
) -> tuple[list, int]:
	"""The newest `depth` rows and the count. `skip_row_permissions`: the record's permission covers them;
	otherwise each row's own rules apply too (`frappe.get_list`)."""
	reader = frappe.get_all if skip_row_permissions else frappe.get_list
	rows = reader(doctype, filters=filters, fields=fields, order_by=order_by, limit_page_length=depth)
	return rows, counted(doctype, filters=filters, skip_row_permissions=skip_row_permissions)


def _activities(doctype: str, name: str, depth: int) -> tuple[list, int]:
	rows, count = _read(
		core.DOCTYPE,
		{"reference_doctype": doctype, "reference_name": name},
		list(core.COLUMNS),
		"activity_date desc",
		depth,
	)
	return [core.activity_item(row) for row in rows], count


def _comments(doctype: str, name: str, depth: int) -> tuple[list, int]:
	filters = {"reference_doctype": doctype, "reference_name": name, "comment_type": "Comment"}
	rows, count = _read("Comment", filters, ["name", "content", "owner", "creation"], "creation desc", depth)
	return [core.comment_item(row) for row in rows], count


def _emails(doctype: str, name: str, depth: int) -> tuple[list, int]:
	filters = {"reference_doctype": doctype, "reference_name": name, "communication_medium": "Email"}
	rows, count = _read("Communication", filters, list(email_drafts.FIELDS), "communication_date desc", depth)
	return [core.email_item(row, email_drafts.serialize(row, with_content=False)) for row in rows], count


def _whatsapp(doctype: str, name: str, depth: int) -> tuple[list, int]:
	"""WhatsApp messages of the record (a Contact's: those with its number)."""
	filters = whatsapp.record_filters(doctype, name)
	# A message is also hidden when its Contact is not readable (its own permission rule).
	rows, count = _read(
		whatsapp.DOCTYPE,
		filters,
		list(whatsapp.FIELDS),
		"message_time desc",
		depth,
		skip_row_permissions=False,
	)
	return [core.whatsapp_item(whatsapp.serialize(row)) for row in rows], count


def _tasks(doctype: str, name: str, depth: int) -> list[tuple[list, int]]:
	"""The record's tasks the caller may read, and the changes of those tasks."""
	filters = {"reference_doctype": doctype, "reference_docname": name}
	tasks, task_count = _read(
		"CRM Task",
		filters,
		["name", "title", "status", "priority", "task_type", "owner", "creation"],
		"creation desc",
		depth,
		skip_row_permissions=False,
	)
	titles = {
		str(task.name): task.title
		for task in frappe.get_list(
			"CRM Task", filters=filters, fields=["name", "title"], limit_page_length=0
		)
	}
	if not titles:
		return [([], 0)]
	# Version has no rule of its own for these: its rows are read for the tasks above only, which
	# CRM Task's rule already let the caller read.
	version_filters = {"ref_doctype": "CRM Task", "docname": ("in", list(titles))}
	versions, version_count = _read(
		"Version", version_filters, ["name", "docname", "data", "owner", "creation"], "creation desc", depth
	)
	changes = []
	for version in versions:
		data = json.loads(version.data or "{}")
		if data.get("changed"):
			changes.append(core.task_change_item(version, data["changed"], titles[str(version.docname)]))
	return [([core.task_item(task) for task in tasks], task_count), (changes, version_count)]
