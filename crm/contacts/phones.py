"""Finding the Contact that owns a phone number, however the number was typed.

Each `Contact Phone` row keeps its number in E.164 in the custom field `e164` (indexed), filled
when a Contact is saved and for older rows on migrate, so an incoming WhatsApp message finds its
Contact with one indexed lookup.
"""

import frappe

from crm.common import app_settings
from crm.core import phones

FIELD = "e164"


def default_region() -> str:
	"""The region a number without its country code is read in (CRM Settings, default SA)."""
	return app_settings.get("whatsapp_default_region")


def fill_e164(doc, method: str | None = None) -> None:
	"""Contact `validate` hook: the E.164 form of each phone row (blank when it cannot be read).
	Digits typed on an Arabic keyboard are stored as 0-9, which Frappe's phone check requires."""
	region = default_region()
	for row in doc.get("phone_nos") or []:
		if row.phone:
			row.phone = phones.ascii_digits(row.phone)
		row.set(FIELD, phones.try_normalize(row.phone, region) if row.phone else None)
	for field in ("phone", "mobile_no"):
		if doc.get(field):
			doc.set(field, phones.ascii_digits(doc.get(field)))


def backfill() -> None:
	"""E.164 for rows saved before the field existed (run on migrate; rows already filled are skipped)."""
	region = default_region()
	rows = frappe.get_all(
		"Contact Phone",
		filters={"parenttype": "Contact", FIELD: ("is", "not set"), "phone": ("is", "set")},
		fields=["name", "phone"],
	)
	for row in rows:
		number = phones.try_normalize(row.phone, region)
		if number:
			frappe.db.set_value("Contact Phone", row.name, FIELD, number, update_modified=False)


def contact_for(e164: str) -> str | None:
	"""The Contact with this number (the oldest when several share it), or None."""
	owners = frappe.get_all(
		"Contact Phone",
		filters={"parenttype": "Contact", FIELD: e164},
		pluck="parent",
		order_by="creation asc",
		limit=1,
	)
	return owners[0] if owners else None
