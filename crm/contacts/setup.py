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
	]
}


def apply() -> None:
	create_custom_fields(CUSTOM_FIELDS, update=True)
