"""Mobile Task API (docs/mobile-api.md): the endpoints the Flutter app calls."""

from typing import Any

import frappe
from frappe.utils import get_system_timezone

from crm.common.errors import client_input
from crm.core import cursors, params, task_queries
from crm.core.errors import InvalidParam
from crm.core.i18n import _
from crm.core.params import LooseInt
from crm.core.tasks import clean_task_input, label, priorities, statuses
from crm.mobile import options, settings, sync, tasks


@frappe.whitelist(allow_guest=True)
def get_oauth_config() -> dict[str, str]:
	"""OAuth settings the app needs before sign-in (guest)."""
	return settings.oauth_config()


@frappe.whitelist(methods=["GET"])
def get_task_options() -> dict | None:
	"""Task types, statuses and priorities with labels in the caller's language, the defaults of a
	new task and a `version` (also the ETag: If-None-Match with it is answered 304)."""
	return options.task_options()


@frappe.whitelist()
@client_input
def home_tasks(limit: LooseInt = 5) -> dict:
	limit = params.positive_int(limit, 5, 100)
	today = task_queries.today_query(tasks.site_today())
	return {"today": tasks.first_tasks(today, limit), "limit": limit}


@frappe.whitelist()
@client_input
def filter_tasks(
	date_from: str | None = None,
	date_to: str | None = None,
	importance: str | list | None = None,
	status: str | list | None = None,
	limit: LooseInt = 20,
	page: LooseInt = 1,
	order_by: str | None = task_queries.DEFAULT_ORDER,
	cursor: str | None = None,
) -> dict:
	"""A page of tasks; `next_cursor` (for orders by modified or name) fetches the next page by
	keyset, whose cost does not grow with depth. With `cursor`, `page` is ignored."""
	page, limit = params.page_and_limit(page, limit)
	task = options.task_schema()
	filters = {
		"date_from": params.parse_date(date_from, "date_from", "Date From"),
		"date_to": params.parse_date(date_to, "date_to", "Date To"),
		"priorities": params.choice_set(importance, "importance", "Importance", priorities(task)),
		"statuses": params.choice_set(status, "status", "Status", statuses(task)),
	}
	terms = task_queries.parse_order_by(order_by)
	query = task_queries.filter_query(**filters, order_terms=terms)
	order = cursors.keyset_order(terms)
	scope = cursors.fingerprint(**filters, order=order)
	if not params.is_blank(cursor):
		if not order:
			raise InvalidParam("cursor", "cursor", _("{label} needs order_by on modified or name"))
		return sync.cursor_page(query, order, cursor, limit, scope)
	if order:
		return sync.numbered_page(query, order, page, limit, scope)
	return {**tasks.task_page(query, page=page, limit=limit), "next_cursor": None}


@frappe.whitelist()
@client_input
def sync_tasks(since: str | None = None, limit: LooseInt = 100, cursor: str | None = None) -> dict:
	"""Offline catch-up: tasks changed since `since` (oldest first; follow `next_cursor` while
	`has_more`), the ids deleted since then, and `next_since` to send next time."""
	since_at = params.parse_datetime(since, "since", "since", get_system_timezone())
	return sync.sync(
		since_at, None if params.is_blank(cursor) else cursor, params.positive_int(limit, 100, 500)
	)


@frappe.whitelist()
@client_input
def main_page_buckets(min_each: LooseInt = 5) -> dict:
	min_each = params.positive_int(min_each, 5, 100)
	today = tasks.site_today()
	return {**tasks.buckets(today, min_each), "min_each": min_each}


@frappe.whitelist(methods=["POST"])
@client_input
def create_task(
	title: str | None = None,
	task_type: str | None = None,
	priority: str | None = None,
	status: str | None = None,
	start_date: str | None = None,
	due_date: str | None = None,
	description: str | None = None,
	assigned_to: str | None = None,
	reference_doctype: str | None = None,
	reference_docname: str | None = None,
	idempotency_key: str | None = None,
) -> dict:
	fields = {
		"title": title,
		"task_type": task_type,
		"priority": priority,
		"status": status,
		"start_date": start_date,
		"due_date": due_date,
		"description": description,
		"assigned_to": assigned_to,
		"reference_doctype": reference_doctype,
		"reference_docname": reference_docname,
		"idempotency_key": idempotency_key,
	}  # the parameters above; clean_task_input keeps only writable fields
	return tasks.insert_task(_clean(fields, creating=True), idempotency_key)


@frappe.whitelist(methods=["POST"])
@client_input
def edit_task(
	task_id: int | str | None = None,
	name: int | str | None = None,
	title: str | None = None,
	task_type: str | None = None,
	priority: str | None = None,
	status: str | None = None,
	start_date: str | None = None,
	due_date: str | None = None,
	description: str | None = None,
	assigned_to: str | None = None,
	reference_doctype: str | None = None,
	reference_docname: str | None = None,
	modified: str | None = None,
) -> dict:
	"""Change the fields sent; with `modified`, only if the task is unchanged since (else 409)."""
	fields = {
		"task_id": task_id,
		"name": name,
		"title": title,
		"task_type": task_type,
		"priority": priority,
		"status": status,
		"start_date": start_date,
		"due_date": due_date,
		"description": description,
		"assigned_to": assigned_to,
		"reference_doctype": reference_doctype,
		"reference_docname": reference_docname,
		"modified": modified,
	}  # the parameters above; clean_task_input keeps only writable fields
	task = params.record_id(task_id, name)
	return tasks.update_task(task, _clean(fields, creating=False), modified)


@frappe.whitelist(methods=["POST"])
@client_input
def update_status(
	task_id: int | str | None = None,
	status: str | None = None,
	name: int | str | None = None,
	modified: str | None = None,
) -> dict:
	task = params.record_id(task_id, name)
	site_task = options.task_schema()
	values = {"status": params.choice(status, "status", label("status", site_task), statuses(site_task))}
	return tasks.update_task(task, values, modified)


@frappe.whitelist(methods=["POST"])
@client_input
def delete_task(task_id: int | str | None = None, name: int | str | None = None) -> str:
	task = params.record_id(task_id, name)
	tasks.delete_task(task)
	frappe.response["ok"] = True
	# The documented fixed answer (docs/mobile-api.md), which clients match; `ok` is the machine-readable flag.
	return f"Task {task} deleted successfully"


def _clean(fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
	return clean_task_input(
		fields, creating=creating, site_tz=get_system_timezone(), task=options.task_schema()
	)
