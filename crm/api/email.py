"""Email drafts and sending (docs/email-agent.md), plus the Human Inbox's edit actions.

Drafts are Communications with delivery_status "Draft"; see docs/email-agent.md.
"""

from typing import Any

import frappe

from crm.common.errors import client_input
from crm.email import actions, inbox

Addresses = str | list[str] | None
LooseInt = int | float | str | None


@frappe.whitelist()
@client_input
def get_inbox(
	doctype: str | None = None,
	docname: str | None = None,
	status: str | list | None = None,
	limit: LooseInt = 20,
) -> dict[str, Any]:
	"""Recent email Communications the caller may read, newest first."""
	data, limit = inbox.inbox(doctype, docname, status, limit, default_limit=20)
	return {"data": data, "limit": limit}


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
	return actions.draft(**locals())


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
	return actions.draft_with_provider(**locals())


@frappe.whitelist(methods=["POST"])
@client_input
def send(communication_name: str | None = None) -> dict[str, bool]:
	"""Approve a draft: queue it in the outgoing email queue and mark it sent."""
	return actions.send(communication_name)


@frappe.whitelist(methods=["POST"])
@client_input
def link_provider_ids(
	communication_name: str | None = None,
	provider: str | None = None,
	provider_message_id: str | None = None,
	provider_thread_id: str | None = None,
) -> dict[str, bool]:
	return actions.link_provider_ids(**locals())


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
	return actions.update_draft(**locals())


@frappe.whitelist(methods=["POST"])
@client_input
def discard_draft(communication_name: str | None = None) -> dict[str, bool]:
	"""Delete a draft that will not be sent (restorable from Deleted Documents)."""
	return actions.discard_draft(communication_name)
