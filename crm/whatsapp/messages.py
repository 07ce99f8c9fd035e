"""Reading the WhatsApp message log with the caller's permissions."""

from typing import Any

from crm.common.records import check_reference, paged
from crm.contacts.phones import default_region
from crm.core import params, phones
from crm.core import whatsapp as core


def page(reference: tuple[str, str] | None, phone: object, page: int, limit: int) -> dict[str, Any]:
	"""Messages of a record (a Contact's are those linked to it), of a number, or all the caller may
	read, newest first. `frappe.get_list` applies roles, User Permissions and the message's own rule
	(its Contact and its record readable); a named record is checked first (403/404)."""
	filters: dict[str, Any] = {}
	or_filters = None
	if reference:
		check_reference(*reference)
		filters = core.record_filters(*reference)
	if not params.is_blank(phone):
		number = phones.normalize(phone, "phone", "Phone", default_region())
		or_filters = {"from_number": number, "to_number": number}
	table = f"`tab{core.DOCTYPE}`"
	return paged(
		core.DOCTYPE,
		fields=list(core.FIELDS),
		filters=filters,
		or_filters=or_filters,
		order_by=f"{table}.`message_time` desc, {table}.`creation` desc",
		page=page,
		limit=limit,
		serialize=core.serialize,
	)
