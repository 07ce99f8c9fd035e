"""Phone numbers in E.164, as WhatsApp and the database keep them.

People type numbers in many ways: with or without `+`, with a leading `00`, with spaces, dashes,
dots or brackets, in Arabic-Indic or Persian digits, or in the local format of the default region
("0501234567" in Saudi Arabia). `normalize` answers "+966501234567" for all of them, or raises
`InvalidParam` so an API answers 417 before anything is sent.
"""

import re

import phonenumbers

from crm.core.errors import InvalidParam
from crm.core.i18n import _

# Arabic-Indic (U+0660..0669) and Extended Arabic-Indic / Persian (U+06F0..06F9) digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Separators people put in numbers, including the invisible direction marks RTL editors insert.
_NOISE = re.compile(r"[\s\-.()/\u200e\u200f\u202a-\u202e\u2066-\u2069\u00a0]")
_MAX_INPUT = 40


def ascii_digits(value: str) -> str:
	"""`value` with Arabic-Indic and Persian digits written as 0-9 (everything else kept)."""
	return value.translate(_DIGITS)


def region(value: object, field: str = "whatsapp_default_region", label: str = "Default Region") -> str:
	"""A two-letter region code phonenumbers knows ("SA"), upper-cased."""
	code = str(value or "").strip().upper()
	if code not in phonenumbers.SUPPORTED_REGIONS:
		raise InvalidParam(field, label, _("{label} must be a two-letter country code such as SA or AE"))
	return code


def normalize(
	value: object, field: str = "to", label: str = "Phone Number", default_region: str = "SA"
) -> str:
	"""The number in E.164 ("+966501234567"), or InvalidParam naming `field`."""
	if value is None or isinstance(value, bool) or not isinstance(value, str | int):
		raise InvalidParam(field, label, _("{label} is required"))
	text = _NOISE.sub("", str(value).translate(_DIGITS))
	if not text:
		raise InvalidParam(field, label, _("{label} is required"))
	if len(text) > _MAX_INPUT:
		raise InvalidParam(
			field, label, _("{label} is not a valid phone number: {value}"), value=text[:_MAX_INPUT]
		)
	if text.startswith("00"):
		text = "+" + text[2:]
	try:
		number = phonenumbers.parse(text, None if text.startswith("+") else default_region)
	except phonenumbers.NumberParseException:
		number = None
	if number is None or not phonenumbers.is_valid_number(number):
		raise InvalidParam(
			field, label, _("{label} is not a valid phone number: {value}"), value=str(value)[:40]
		)
	return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def international(value: object, field: str, label: str) -> str:
	"""`normalize` for a number that must carry its country code (`+` or `00`), such as the
	business number registered with Meta: no region is assumed."""
	text = _NOISE.sub("", str(value or "").translate(_DIGITS))
	if text and not text.startswith(("+", "00")):
		raise InvalidParam(
			field,
			label,
			_("{label} must be in international format, with its country code: {value}"),
			value=text[:40],
		)
	return normalize(value, field, label)


def from_wa_id(wa_id: object) -> str | None:
	"""The E.164 form of a WhatsApp id (the number without `+`, as webhooks send it), or None."""
	digits = re.sub(r"\D", "", str(wa_id or ""))
	if not digits:
		return None
	try:
		number = phonenumbers.parse("+" + digits, None)
	except phonenumbers.NumberParseException:
		return "+" + digits
	if not phonenumbers.is_possible_number(number):
		return "+" + digits
	return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalize(value: object, default_region: str = "SA") -> str | None:
	"""`normalize`, or None for a number that cannot be read (stored data, not client input)."""
	try:
		return normalize(value, default_region=default_region)
	except InvalidParam:
		return None


def wa_id(e164: str) -> str:
	"""The digits WhatsApp calls a number by: E.164 without the `+`."""
	return e164.lstrip("+")
