"""CRM Settings as the API reads and writes it: secrets never leave, every value is checked.

The field list comes from the DocType JSON: Password fields are secrets, Check fields booleans,
Int fields whole numbers within LIMITS, Select fields one of their options.
"""

from collections.abc import Mapping
from typing import Any

from crm.core import params, phones, schema, webhooks, whatsapp
from crm.core.errors import InvalidParam
from crm.core.i18n import _

DOCTYPE = "CRM Settings"
# Allowed ranges of the numeric settings (inclusive).
LIMITS = {
	"requests_per_minute_per_key": (1, 100_000),
	"requests_per_hour_per_user": (1, 1_000_000),
	"login_attempts_per_minute": (1, 1000),
	"default_page_size": (1, 100),
	"inbox_page_size": (1, 200),
	"whatsapp_timeout": (1, 60),
}
# Text settings with a format of their own: name -> checker(value, field, label) answering the clean value.
FORMATS = {
	"whatsapp_api_version": whatsapp.api_version,
	"whatsapp_default_region": phones.region,
	"whatsapp_api_base_url": webhooks.validate_url,
	"whatsapp_phone_number": phones.international,
	"whatsapp_template_language": whatsapp.language_code,
}


def field_names() -> tuple[str, ...]:
	return tuple(schema.fields(DOCTYPE))


def secret_fields() -> tuple[str, ...]:
	return tuple(name for name, f in schema.fields(DOCTYPE).items() if f["fieldtype"] == "Password")


def clean_update(values: Mapping[str, Any]) -> dict[str, Any]:
	"""The settings to write, checked; a name that is not a setting is 417 listing the allowed ones."""
	known = schema.fields(DOCTYPE)
	cleaned: dict[str, Any] = {}
	for name, value in values.items():
		if name not in known:
			raise InvalidParam(
				name, name, _("{label} is not a setting. Allowed settings: {allowed}"), allowed=field_names()
			)
		cleaned[name] = _clean(name, known[name], value)
	return cleaned


def _clean(name: str, field: Mapping[str, Any], value: Any) -> Any:
	kind, label = field["fieldtype"], field.get("label") or name
	if kind == "Check":
		return int(params.boolean(value, name, label, default=False))
	if kind == "Int":
		number = params.to_int(value)
		low, high = LIMITS.get(name, (0, 2**31 - 1))
		if number is None or not low <= number <= high:
			raise InvalidParam(
				name, label, _("{label} must be a whole number from {low} to {high}"), low=low, high=high
			)
		return number
	if kind == "Select":
		return params.choice(value, name, label, schema.options(DOCTYPE, name))
	if kind == "Password":
		return params.text(value, name, label, 1000)  # None clears nothing: blank keeps the secret
	if name in FORMATS and not params.is_blank(value):
		return FORMATS[name](value, name, label)
	return params.text(value, name, label, 140) or ""


def public_view(values: Mapping[str, Any], secrets_set: Mapping[str, bool]) -> dict[str, Any]:
	"""Every setting except secrets; for each secret only whether it is set (`<name>_set`)."""
	secrets = set(secret_fields())
	answer: dict[str, Any] = {}
	for name, field in schema.fields(DOCTYPE).items():
		if name in secrets:
			answer[f"{name}_set"] = bool(secrets_set.get(name))
		elif field["fieldtype"] == "Check":
			answer[name] = bool(params.to_int(values.get(name)) or 0)
		elif field["fieldtype"] == "Int":
			answer[name] = params.to_int(values.get(name)) if values.get(name) not in (None, "") else None
		else:
			answer[name] = values.get(name) if values.get(name) not in ("",) else None
	return answer
