"""Email drafts and sending (docs/email-agent.md), plus the Human Inbox's edit actions.

Drafts are Communications with delivery_status "Draft"; see docs/email-agent.md.
"""

from typing import Any

import frappe

from crm.common.errors import client_input
from crm.core.params import LooseInt
from crm.email import drafts, inbox

Addresses = str | list[str] | None


@frappe.whitelist()
@client_input
def get_inbox(
	doctype: str | None = None,
	docname: str | None = None,
	status: str | list | None = None,
	limit: LooseInt = 20,
	search: str | None = None,
	agent: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	cursor: str | None = None,
) -> dict[str, Any]:
	"""Recent email Communications the caller may read, newest first; `next_cursor` reads on."""
	filters = {"doctype": doctype, "docname": docname, "status": status, "search": search, "agent": agent}
	page = {"from_date": from_date, "to_date": to_date, "cursor": cursor, "limit": limit}
	return inbox.inbox(filters | page, default_limit=20)


@frappe.whitelist()
@client_input
def get_inbox_facets(
	doctype: str | None = None,
	docname: str | None = None,
	search: str | None = None,
	agent: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
) -> dict[str, Any]:
	"""Counts per status for the inbox's filters, and the agents and record types found."""
	return inbox.facets(
		{"doctype": doctype, "docname": docname, "search": search, "agent": agent}
		| {"from_date": from_date, "to_date": to_date}
	)


@frappe.whitelist()
@client_input
def get_email(communication_name: str | None = None) -> dict[str, Any]:
	"""One email as stored, whole, with its record's title and Email Queue state."""
	return inbox.get_email(communication_name)


@frappe.whitelist()
@client_input
def thread_context(
	communication: str | None = None,
	doctype: str | None = None,
	docname: str | None = None,
	limit: LooseInt = 20,
) -> dict[str, Any]:
	"""The conversation a Communication belongs to, oldest first."""
	return inbox.thread(communication, doctype, docname, limit)


@frappe.whitelist(methods=["POST"])
@client_input
def save_draft(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	to: Addresses = None,
	subject: str | None = None,
	html: str | None = None,
	cc: Addresses = None,
	bcc: Addresses = None,
	provider_thread_id: str | None = None,
) -> str:
	"""Create an email draft on a record; answers the Communication name."""
	return drafts.save(
		{
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"to": to,
			"subject": subject,
			"html": html,
			"cc": cc,
			"bcc": bcc,
			"provider_thread_id": provider_thread_id,
		}
	)


@frappe.whitelist(methods=["POST"])
@client_input
def save_draft_with_provider(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	to: Addresses = None,
	subject: str | None = None,
	html: str | None = None,
	provider: str | None = None,
	provider_message_id: str | None = None,
	provider_thread_id: str | None = None,
	cc: Addresses = None,
	bcc: Addresses = None,
) -> dict[str, str]:
	"""Create a draft linked to the provider's message; the same message twice gives the first draft."""
	return drafts.save_with_provider(
		{
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"to": to,
			"subject": subject,
			"html": html,
			"provider": provider,
			"provider_message_id": provider_message_id,
			"provider_thread_id": provider_thread_id,
			"cc": cc,
			"bcc": bcc,
		}
	)


@frappe.whitelist(methods=["POST"])
@client_input
def send(communication_name: str | None = None) -> dict[str, bool]:
	"""Approve a draft: queue it in the outgoing email queue and mark it sent."""
	return drafts.approve({"communication_name": communication_name})


@frappe.whitelist(methods=["POST"])
@client_input
def link_provider_ids(
	communication_name: str | None = None,
	provider: str | None = None,
	provider_message_id: str | None = None,
	provider_thread_id: str | None = None,
) -> dict[str, bool]:
	return drafts.link_ids(
		{
			"communication_name": communication_name,
			"provider": provider,
			"provider_message_id": provider_message_id,
			"provider_thread_id": provider_thread_id,
		}
	)


@frappe.whitelist(methods=["POST"])
@client_input
def update_draft(
	communication_name: str | None = None,
	to: Addresses = None,
	cc: Addresses = None,
	bcc: Addresses = None,
	subject: str | None = None,
	html: str | None = None,
) -> dict[str, Any]:
	"""Edit a draft's recipients, subject or body (fields not sent stay as they are)."""
	return drafts.edit(
		{
			"communication_name": communication_name,
			"to": to,
			"cc": cc,
			"bcc": bcc,
			"subject": subject,
			"html": html,
		}
	)


@frappe.whitelist(methods=["POST"])
@client_input
def retry_send(communication_name: str | None = None) -> dict[str, bool]:
	"""Send a failed email again through Frappe's Email Queue."""
	return drafts.retry_failed({"communication_name": communication_name})


@frappe.whitelist(methods=["POST"])
@client_input
def discard_draft(communication_name: str | None = None) -> dict[str, bool]:
	"""Delete a draft that will not be sent (restorable from Deleted Documents)."""
	return drafts.discard({"communication_name": communication_name})
