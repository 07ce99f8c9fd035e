"""Storing, listing, sending and discarding email drafts (Communication records)."""

import functools
import operator
from collections.abc import Mapping
from typing import Any

import frappe
from frappe import _
from frappe.query_builder import Order

from crm.common.records import check_reference
from crm.core import email_drafts, params
from crm.core.email_drafts import Draft
from crm.email import events
from crm.email.permissions import get_communication, readable_references

SCAN_FACTOR = 4  # rows read per row wanted while filtering by the record's permission
MAX_SCAN = 5000


def find_by_provider(provider: str, provider_message_id: str) -> str | None:
	return frappe.db.get_value(
		"Communication", {"provider": provider, "provider_message_id": provider_message_id}, "name"
	)


def create_draft(draft: Draft) -> str:
	"""Save `draft` as a Communication, or answer the one already saved for the same provider message."""
	check_reference(draft.reference_doctype, draft.reference_name)
	if draft.provider and draft.provider_message_id:
		existing = find_by_provider(draft.provider, draft.provider_message_id)
		if existing:
			get_communication(existing)  # the caller must be able to read what it gets back
			return existing
	doc = frappe.get_doc({"doctype": "Communication", **draft.communication_fields()})
	doc.sender = default_sender()
	doc.flags.skip_add_signature = True  # the signature is added when it is sent, not in the draft
	savepoint = "crm_create_draft"
	frappe.db.savepoint(savepoint)
	try:
		doc.insert()
	except frappe.UniqueValidationError:
		# Another request stored the same provider message a moment earlier: answer that one.
		frappe.db.rollback(save_point=savepoint)
		if frappe.local.message_log:
			frappe.local.message_log.pop()  # Frappe's duplicate notice: the answer is not an error
		existing = find_by_provider(draft.provider, draft.provider_message_id)
		if not existing:
			raise
		return existing
	events.draft_created(doc)
	return doc.name


def default_sender() -> str | None:
	"""The address the site's default outgoing account sends from, shown on the draft."""
	return frappe.db.get_value(
		"Email Account", {"default_outgoing": 1, "enable_outgoing": 1}, "email_id"
	) or frappe.db.get_value("Email Account", {"enable_outgoing": 1}, "email_id")


def link_provider_ids(name: str, provider: str, message_id: str | None, thread_id: str | None) -> None:
	doc = get_communication(name, "write")
	if message_id:
		other = find_by_provider(provider, message_id)
		if other and other != name:
			frappe.throw(
				_("Provider message {0} of {1} is already linked to Communication {2}").format(
					message_id, provider, other
				),
				frappe.DuplicateEntryError,
			)
	doc.provider = provider
	if message_id:
		doc.provider_message_id = message_id
	if thread_id:
		doc.provider_thread_id = thread_id
	doc.flags.skip_add_signature = True
	doc.save()


def update_draft(name: str, changes: dict) -> frappe._dict:
	doc = get_communication(name, "write", for_update=True)
	require_draft(doc)
	doc.update(changes)
	doc.flags.skip_add_signature = True
	doc.save()
	return doc


def discard_draft(name: str) -> None:
	"""Delete a draft (Frappe keeps it in Deleted Documents, so it can be restored)."""
	doc = get_communication(name, "delete", for_update=True)
	require_draft(doc)
	doc.delete()


def send(name: str) -> None:
	"""Queue the draft in Frappe's outgoing email queue and mark it sent; never twice."""
	doc = get_communication(name, "email", for_update=True)  # the row lock serialises double clicks
	require_draft(doc)
	if not default_sender():
		frappe.throw(
			_("No outgoing email account is set up. Ask an administrator to add one under Email Account."),
			frappe.ValidationError,
		)
	doc.delivery_status = "Sending"
	doc.communication_date = frappe.utils.now_datetime()
	doc.flags.skip_add_signature = True
	doc.save()
	doc.send_email()
	if not frappe.db.exists("Email Queue", {"communication": doc.name}):
		frappe.throw(_("Communication {0} has no recipient to send to").format(name), frappe.ValidationError)


def retry(name: str) -> None:
	"""Send a failed email again: its Email Queue rows in Error go back to Not Sent (Frappe's
	`EmailQueue.update_status`, which also moves the Communication back to Sending)."""
	doc = get_communication(name, "email", for_update=True)
	failed = frappe.get_all(
		"Email Queue", filters={"communication": doc.name, "status": "Error"}, pluck="name", order_by=""
	)
	if not failed:
		frappe.throw(
			_("Email {0} has not failed (status {1}); only a failed email can be sent again").format(
				doc.name, _(email_drafts.status_of(doc.as_dict()))
			),
			frappe.ValidationError,
		)
	for queue in failed:
		frappe.get_doc("Email Queue", queue).update_status(status="Not Sent")


def require_draft(doc) -> None:
	if not email_drafts.is_draft(doc.as_dict()):
		frappe.throw(
			_("Communication {0} is not a draft (status {1}); only drafts can be changed or sent").format(
				doc.name, _(email_drafts.status_of(doc.as_dict()))
			),
			frappe.ValidationError,
		)


def communications(
	*,
	reference: tuple[str, str] | None = None,
	thread: tuple[str, str] | None = None,
	delivery_statuses: list[str] | None = None,
	received: bool | None = None,
	limit: int,
	ascending: bool = False,
) -> list[dict]:
	"""Email Communications the caller may read, newest first.

	Permission is the record's: a Communication is readable when its reference is, which Frappe's
	own rule says. With `reference` the caller was checked already; otherwise rows are read in
	batches and kept when `readable_references` allows their record.
	"""
	Comm = frappe.qb.DocType("Communication")
	query = _emails_newest_first(Comm)
	if reference:
		query = query.where((Comm.reference_doctype == reference[0]) & (Comm.reference_name == reference[1]))
	if thread:
		query = query.where((Comm.provider == thread[0]) & (Comm.provider_thread_id == thread[1]))
	if statuses := _status_terms(Comm, delivery_statuses, received):
		query = query.where(functools.reduce(operator.or_, statuses))
	rows = readable_rows(query, limit, skip_row_permissions=reference is not None)
	return list(reversed(rows)) if ascending else rows


def _emails_newest_first(Comm):
	"""Email Communications linked to a record, newest first."""
	return (
		frappe.qb.from_(Comm)
		.select(*(Comm[field] for field in email_drafts.FIELDS))
		.where(Comm.communication_medium == "Email")
		.where(Comm.reference_doctype.isnotnull() & Comm.reference_name.isnotnull())
		.orderby(Comm.communication_date, order=Order.desc)
		.orderby(Comm.name, order=Order.desc)
	)


def _status_terms(Comm, delivery_statuses: list[str] | None, received: bool | None) -> list:
	"""The statuses asked for, any of which a row may have: sent ones by delivery status, received."""
	terms = []
	if delivery_statuses:
		terms.append((Comm.sent_or_received == "Sent") & Comm.delivery_status.isin(delivery_statuses))
	if received:
		terms.append(Comm.sent_or_received == "Received")
	return terms


def readable_rows(query, limit: int, skip_row_permissions: bool) -> list[dict]:
	if skip_row_permissions:
		return query.limit(limit).run(as_dict=True)
	kept: list[dict] = []
	offset, batch = 0, max(limit * SCAN_FACTOR, 50)
	while len(kept) < limit and offset < MAX_SCAN:
		rows = query.limit(batch).offset(offset).run(as_dict=True)
		allowed = readable_references({(r.reference_doctype, str(r.reference_name)) for r in rows})
		kept.extend(r for r in rows if (r.reference_doctype, str(r.reference_name)) in allowed)
		if len(rows) < batch:
			break
		offset += batch
	return kept[:limit]


# The email actions, each answering exactly what its `crm.api.email` endpoint answers, from the
# values the endpoint names. The agent router's commands (crm.core.agent.COMMANDS) point at these
# same functions, so a command and its endpoint cannot drift apart. Core parses and raises
# `InvalidParam` (417, naming the field); the functions above check permissions and write.


def save(values: Mapping[str, Any]) -> str:
	"""A new draft; answers its Communication name."""
	return create_draft(email_drafts.parse_draft(values))


def save_with_provider(values: Mapping[str, Any]) -> dict[str, str]:
	"""A new draft linked to the provider's message (or the one already linked to it)."""
	return {"communication_name": create_draft(email_drafts.parse_draft(values, with_provider=True))}


def approve(values: Mapping[str, Any]) -> dict[str, bool]:
	send(communication_name(values))
	return {"ok": True}


def link_ids(values: Mapping[str, Any]) -> dict[str, bool]:
	ids = email_drafts.provider_ids(values, required=True)
	link_provider_ids(
		communication_name(values), ids.provider, ids.provider_message_id, ids.provider_thread_id
	)
	return {"ok": True}


def edit(values: Mapping[str, Any]) -> dict[str, Any]:
	changes = email_drafts.parse_edit(
		{key: value for key, value in values.items() if key != "communication_name"}
	)
	return email_drafts.serialize(update_draft(communication_name(values), changes).as_dict())


def retry_failed(values: Mapping[str, Any]) -> dict[str, bool]:
	retry(communication_name(values))
	return {"ok": True}


def discard(values: Mapping[str, Any]) -> dict[str, bool]:
	discard_draft(communication_name(values))
	return {"ok": True}


def communication_name(values: Mapping[str, Any]) -> str:
	return params.text(
		values.get("communication_name"), "communication_name", "communication_name", 140, required=True
	)
