"""The app's own reads of CRM Settings (rate limits, defaults, WhatsApp), for every layer above."""

from typing import Any

import frappe

from crm.core import settings as core


def get(name: str) -> Any:
	"""One setting for the app's own use (rate limits, defaults), falling back to the DocType default.
	From Frappe's document cache (cleared when the settings are saved): every API call reads some."""
	value = frappe.get_cached_doc(core.DOCTYPE).get(name)
	if value in (None, ""):
		return core.schema.fields(core.DOCTYPE)[name].get("default")
	return value
