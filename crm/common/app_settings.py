"""The app's own reads of CRM Settings (rate limits, defaults, WhatsApp), for every layer above."""

from typing import Any

import frappe

from crm.common.call_start import Command, answer, unpickled
from crm.core import settings as core
from crm.core.memo import MISSING

_SETTINGS_SLOT = "crm-settings"


def get(name: str) -> Any:
	"""One setting for the app's own use (rate limits, defaults), falling back to the DocType default.
	From Frappe's document cache (cleared when the settings are saved): every API call reads some."""
	return _value(frappe.get_cached_doc(core.DOCTYPE), name)


def at_call_start(name: str) -> Any:
	"""One setting as it stood when this `crm.api` call started (sent with the call's first
	commands: `call_start_commands`), else as `get` reads it now."""
	settings = answer(_SETTINGS_SLOT)
	return get(name) if settings is MISSING else _value(settings, name)


def call_start_commands() -> list[Command]:
	"""The `crm_call_start` commands of this module (crm/common/call_start.py): CRM Settings, as
	Frappe's document cache holds them (a call reads its rate limits)."""
	key = frappe.cache.make_key(frappe.get_document_cache_key(core.DOCTYPE, core.DOCTYPE))
	return [Command("get", (key,), _SETTINGS_SLOT, unpickled)]


def _value(settings: Any, name: str) -> Any:
	value = settings.get(name)
	if value in (None, ""):
		return core.schema.fields(core.DOCTYPE)[name].get("default")
	return value
