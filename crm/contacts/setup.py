"""What contacts gain from the app, applied on install and every migrate."""

from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

CUSTOM_FIELDS = {
	"Contact": [
		{
			"fieldname": "organization",
			"fieldtype": "Link",
			"label": "Organization",
			"options": "CRM Organization",
			"insert_after": "company_name",
			"in_standard_filter": 1,
			"search_index": 1,
		}
	],
	# The number in E.164, so a WhatsApp message finds its Contact (crm/contacts/phones.py).
	"Contact Phone": [
		{
			"fieldname": "e164",
			"fieldtype": "Data",
			"label": "Phone (E.164)",
			"insert_after": "phone",
			"read_only": 1,
			"search_index": 1,
		}
	],
}


def apply() -> None:
	from crm.contacts import phones

	create_custom_fields(CUSTOM_FIELDS, update=True)
	phones.backfill()
