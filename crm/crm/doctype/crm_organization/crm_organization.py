# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Lower

from crm.common.errors import client_input
from crm.common.meta import doc_schema
from crm.core import contacts


class CRMOrganization(Document):
	"""A company or institution the CRM's contacts belong to; its name is unique (any letter case)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address_line1: DF.Data | None
		address_line2: DF.Data | None
		city: DF.Data | None
		country: DF.Link | None
		email: DF.Data | None
		industry: DF.Data | None
		organization_name: DF.Data
		phone: DF.Data | None
		postal_code: DF.Data | None
		size: DF.Literal["", "1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"]
		state: DF.Data | None
		website: DF.Data | None
	# end: auto-generated types

	@client_input
	def validate(self) -> None:
		values = contacts.clean_organization(
			self.as_dict(), creating=True, organization=doc_schema(self.doctype)
		)
		self.update(values)
		Org = frappe.qb.DocType(self.doctype)
		clash = (
			frappe.qb.from_(Org)
			.select(Org.name)
			.where(Lower(Org.organization_name) == self.organization_name.lower())
			.where(Org.name != (self.name or ""))
			.limit(1)
			.run(pluck=True)
		)
		if clash:
			frappe.throw(
				_("An organization named {0} already exists").format(clash[0]), frappe.DuplicateEntryError
			)
