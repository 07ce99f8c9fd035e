"""Reading emails: the inbox list and a thread's context, for the API and the Human Inbox page."""

import frappe
from frappe import _

from crm.common.records import check_reference
from crm.core import email_drafts, email_inbox, params
from crm.core.errors import InvalidParam
from crm.core.i18n import _ as mark
from crm.email import drafts, listing
from crm.email.permissions import can_read_communications, get_communication

MAX_LIMIT = 200


def inbox(values: dict, default_limit: int = 20, strict_limit: bool = False) -> dict:
	"""One page of the email Communications the caller may read, newest first:
	`{"data", "limit", "next_cursor"}`. `strict_limit` refuses a bad limit instead of replacing it."""
	filters = checked_filters(values, default_limit, strict_limit)
	return listing.page(filters)


def facets(values: dict) -> dict:
	"""Counts per status, agents and record types for the same filters (status and paging aside)."""
	return listing.facets(checked_filters(values, 20, strict_limit=False))


def get_email(name: object) -> dict:
	"""One email, whole, as the list describes it (the stored version: Cancel shows this)."""
	require_communication_role()
	name = params.text(name, "communication_name", "communication_name", 140, True)
	doc = get_communication(name)
	return listing.described([frappe._dict(doc.as_dict())])[0]


def checked_filters(values: dict, default_limit: int, strict_limit: bool) -> email_inbox.InboxFilters:
	"""The parsed filters after the permission checks: role, record, agent."""
	require_communication_role()
	if not strict_limit:
		values = {**values, "limit": params.positive_int(values.get("limit"), default_limit, MAX_LIMIT)}
	filters = email_inbox.parse_filters(values, default_limit)
	if filters.reference:
		check_record(*filters.reference)
	if filters.agent and not frappe.db.exists("User", filters.agent):
		frappe.throw(
			_("{0} {1} not found").format(_("Agent"), filters.agent),
			frappe.DoesNotExistError,
			title=_("Not Found"),
		)
	return filters


def check_record(doctype: str, name: str) -> None:
	"""A record emails can be on (417 naming the field by its label), that exists (404) and is readable (403)."""
	if not frappe.db.exists("DocType", doctype) or frappe.get_meta(doctype).istable:
		raise InvalidParam(
			"doctype",
			email_inbox.label("doctype"),
			mark("{label} cannot be {value}: emails are not kept on that"),
			value=doctype,
		)
	check_reference(doctype, name)


def thread(
	communication: object = None, doctype: object = None, docname: object = None, limit: object = None
) -> dict:
	"""The conversation around a Communication (its provider thread when known, else its record)."""
	require_communication_role()
	limit = params.positive_int(limit, 20, MAX_LIMIT)
	name = params.text(communication, "communication", "communication", 140)
	provider = thread_id = None
	if name:
		doc = get_communication(name)
		reference = (doc.reference_doctype, str(doc.reference_name)) if doc.reference_name else None
		provider, thread_id = doc.get("provider"), doc.get("provider_thread_id")
	else:
		reference = reference_of(doctype, docname)
		if reference is None:
			raise InvalidParam(
				"communication", "communication", mark("{label} or doctype and docname are required")
			)
	if provider and thread_id:
		rows = drafts.communications(thread=(provider, thread_id), limit=limit, ascending=True)
	elif reference:
		rows = drafts.communications(reference=reference, limit=limit, ascending=True)
	else:
		rows = [doc.as_dict()]
	return {
		"communication": name,
		"reference_doctype": reference[0] if reference else None,
		"reference_name": reference[1] if reference else None,
		"provider": provider or None,
		"provider_thread_id": thread_id or None,
		"messages": [email_drafts.serialize(row) for row in rows],
	}


def reference_of(doctype: object, docname: object) -> tuple[str, str] | None:
	"""(doctype, docname) after checking the caller may read that record; None when neither is given."""
	reference = params.reference_pair({"doctype": doctype, "docname": docname}, "doctype", "docname")
	if reference:
		check_reference(*reference)
	return reference


def require_communication_role() -> None:
	if not can_read_communications():
		frappe.throw(_("You do not have permission to read emails"), frappe.PermissionError)
