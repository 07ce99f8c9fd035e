# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import get_system_timezone

from crm.common.errors import client_input
from crm.common.meta import doc_schema
from crm.common.records import record_readable, reference_condition
from crm.core import activities


class CRMActivity(Document):
	"""A call, meeting, property showing, email, WhatsApp message or note logged on a record."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity_date: DF.Datetime
		activity_type: DF.Literal["Call", "Meeting", "Property Showing", "Email", "WhatsApp", "Note"]
		duration_minutes: DF.Int
		notes: DF.TextEditor | None
		outcome: DF.Literal["", "Positive", "Neutral", "Negative", "No Answer", "Follow-up Needed"]
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		subject: DF.Data
	# end: auto-generated types

	@client_input
	def validate(self) -> None:
		"""Desk edits follow the API's rules."""
		values = self.as_dict()
		values["activity_date"] = self.activity_date or frappe.utils.now_datetime()
		site = doc_schema(self.doctype)
		self.update(
			activities.clean_activity(values, creating=True, site_tz=get_system_timezone(), activity=site)
		)


def has_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False) -> bool:
	"""`has_permission` hook: an activity is seen and changed only by those who may read its record."""
	return record_readable(doc.reference_doctype, doc.reference_name, user, debug)


def permission_query_conditions(user: str | None = None) -> str:
	"""`permission_query_conditions` hook, the list form of `has_permission` (Desk's list, reports)."""
	user = user or frappe.session.user
	return "" if user == "Administrator" else reference_condition("CRM Activity", user)
