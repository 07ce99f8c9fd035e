"""What the email features add to Frappe's Communication, applied on install and on every migrate."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.custom.doctype.property_setter.property_setter import make_property_setter
from frappe.permissions import add_permission, update_permission_property

from crm.core.email_drafts import DRAFT
from crm.core.roles import SALES_MANAGER, SALES_USER

PROVIDER_UNIQUE = "crm_provider_message"
# The Human Inbox pages newest first by (communication_date, name); Frappe indexes neither.
DATE_INDEX = "crm_communication_date"

CUSTOM_FIELDS = {
	"Communication": [
		{
			"fieldname": "crm_provider_section",
			"fieldtype": "Section Break",
			"label": "Email Provider",
			"insert_after": "timeline_links",
			"collapsible": 1,
		},
		{
			"fieldname": "provider",
			"fieldtype": "Data",
			"label": "Provider",
			"insert_after": "crm_provider_section",
			"description": "The mailbox service the agent read this email from, e.g. gmail.",
		},
		{
			"fieldname": "provider_message_id",
			"fieldtype": "Data",
			"label": "Provider Message ID",
			"insert_after": "provider",
			"search_index": 1,
		},
		{
			"fieldname": "provider_thread_id",
			"fieldtype": "Data",
			"label": "Provider Thread ID",
			"insert_after": "provider_message_id",
			"search_index": 1,
		},
	]
}

# Sales roles work with the emails of records they can read. Frappe's own Communication rule adds
# the record check for reading; crm.email.permissions adds it for every other right.
ROLE_RIGHTS = {
	SALES_USER: ("read", "write", "create", "email", "delete"),
	SALES_MANAGER: ("read", "write", "create", "email", "delete", "report", "share"),
}


def apply() -> None:
	create_custom_fields(CUSTOM_FIELDS, update=True)
	add_draft_delivery_status()
	frappe.db.add_unique(
		"Communication", ["provider", "provider_message_id"], constraint_name=PROVIDER_UNIQUE
	)
	frappe.db.add_index("Communication", ["communication_date", "name"], index_name=DATE_INDEX)
	grant_sales_roles()


def add_draft_delivery_status() -> None:
	"""`delivery_status` gains "Draft": a draft waits for approval before Frappe's queue sends it."""
	standard = frappe.db.get_value(
		"DocField", {"parent": "Communication", "fieldname": "delivery_status"}, "options"
	)
	options = [option for option in (standard or "").split("\n")]
	if DRAFT not in options:
		options.append(DRAFT)
	make_property_setter(
		"Communication",
		"delivery_status",
		"options",
		"\n".join(options),
		"Text",
		validate_fields_for_doctype=False,
	)


def grant_sales_roles() -> None:
	"""Add the rules once; an administrator's later changes to them in Role Permissions stay."""
	for role, rights in ROLE_RIGHTS.items():
		if frappe.db.exists("Custom DocPerm", {"parent": "Communication", "role": role, "permlevel": 0}):
			continue
		add_permission("Communication", role, 0)
		for right in rights:
			update_permission_property("Communication", role, 0, right, 1, validate=False)
	frappe.clear_cache(doctype="Communication")
