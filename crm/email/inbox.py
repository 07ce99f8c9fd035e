"""Reading emails: the inbox list and a thread's context, for the API and the Human Inbox page."""

import frappe
from frappe import _

from crm.common.records import check_reference
from crm.core import email_drafts, params
from crm.core.errors import InvalidParam
from crm.core.i18n import _ as mark
from crm.email import drafts
from crm.email.permissions import can_read_communications, get_communication

MAX_LIMIT = 200


def inbox(
	doctype: object = None,
	docname: object = None,
	status: object = None,
	limit: object = None,
	default_limit: int = 50,
) -> tuple[list[dict], int]:
	"""Email Communications the caller may read, newest first, and the limit applied."""
	require_communication_role()
	reference = reference_of(doctype, docname)
	statuses = email_drafts.statuses_filter(status)
	limit = params.positive_int(limit, default_limit, MAX_LIMIT)
	rows = drafts.communications(
		reference=reference,
		delivery_statuses=email_drafts.delivery_statuses(statuses) if statuses else None,
		received="Received" in statuses if statuses else None,
		limit=limit,
	)
	return [email_drafts.serialize(row) for row in rows], limit


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
