# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from crm.common.records import readable_names_sql, record_readable, reference_condition
from crm.core.whatsapp import DOCTYPE


class CRMWhatsAppMessage(Document):
	"""One WhatsApp message, sent or received, with its delivery status (crm/whatsapp/messages.py)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		body: DF.LongText | None
		contact: DF.Link | None
		delivered_at: DF.Datetime | None
		direction: DF.Literal["Outgoing", "Incoming"]
		error_code: DF.Data | None
		failed_at: DF.Datetime | None
		failure_reason: DF.SmallText | None
		from_number: DF.Data | None
		media_id: DF.Data | None
		media_mime_type: DF.Data | None
		message_time: DF.Datetime | None
		message_type: DF.Data | None
		profile_name: DF.Data | None
		provider_message_id: DF.Data | None
		read_at: DF.Datetime | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		reply_to: DF.Data | None
		status: DF.Literal["Queued", "Sent", "Delivered", "Read", "Failed", "Received"]
		template: DF.Data | None
		template_components: DF.Code | None
		template_language: DF.Data | None
		to_number: DF.Data | None
	# end: auto-generated types

	def validate(self) -> None:
		# A message not yet accepted by WhatsApp has no id: NULL, so the unique index allows many.
		self.provider_message_id = (self.provider_message_id or "").strip() or None


def has_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False) -> bool:
	"""`has_permission` hook: a message is seen only by those who may read its record and its Contact."""
	return record_readable(doc.reference_doctype, doc.reference_name, user, debug) and record_readable(
		"Contact", doc.contact, user, debug
	)


def permission_query_conditions(user: str | None = None) -> str:
	"""`permission_query_conditions` hook, the list form of `has_permission`: only messages whose
	record and whose Contact the user may read."""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	contact = readable_names_sql("Contact", user)
	table = f"`tab{DOCTYPE}`"
	contact_rule = f"{table}.`contact` in ({contact})" if contact else "false"
	return (
		f"({reference_condition(DOCTYPE, user)} and (ifnull({table}.`contact`, '') = '' or {contact_rule}))"
	)
