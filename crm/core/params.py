"""Parsing of request parameters.

Clients send values as JSON (typed) or as form and query strings (text). Every function here takes
either and answers a clean Python value, or raises `InvalidParam` naming the field. Pagination
values never raise: docs/mobile-api.md promises that a bad `page` or `limit` falls back to its default.
"""

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from crm.core.errors import InvalidParam
from crm.core.i18n import _

# The type of a whitelisted pagination parameter (`limit`, `page`, `min_each`): any value is
# accepted, and a bad one falls back to its default (page_and_limit, positive_int).
LooseInt = int | float | str | None

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
	r"^(?P<date>\d{4}-\d{2}-\d{2})"
	r"(?:[ T](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?"
	r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_INT_RE = re.compile(r"^[+-]?\d+$")
_INT_LIMIT = 2**63  # what a database integer holds
MAX_PAGE = 1_000_000  # a deeper page is answered as this one (empty), never a database error


def to_int(value: object) -> int | None:
	"""An integer from an int or a string of digits; None for anything else (bools included)."""
	if isinstance(value, bool):
		return None
	if isinstance(value, int):
		return value if abs(value) < _INT_LIMIT else None
	if isinstance(value, float):
		return int(value) if value.is_integer() and abs(value) < _INT_LIMIT else None
	if isinstance(value, str):
		text = value.strip()
		if _INT_RE.match(text) and len(text) <= 20 and abs(int(text)) < _INT_LIMIT:
			return int(text)
	return None


def positive_int(value: object, default: int, maximum: int | None = None) -> int:
	"""`value` as an int >= 1, `default` when it is missing, malformed or < 1, capped at `maximum`."""
	number = to_int(value)
	if number is None or number < 1:
		number = default
	if maximum is not None and number > maximum:
		number = maximum
	return number


def page_and_limit(
	page: object, limit: object, default_limit: int = 20, max_limit: int = 100
) -> tuple[int, int]:
	"""The pagination rule (docs/mobile-api.md): bad or missing `page` is 1, bad or missing `limit` is the default.
	A page past MAX_PAGE is MAX_PAGE: its offset always fits the database."""
	return positive_int(page, 1, MAX_PAGE), positive_int(limit, default_limit, max_limit)


def is_blank(value: object) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def choice(value: object, field: str, label: str, allowed: Sequence[str]) -> str:
	"""One of `allowed`, matched without regard to case and surrounding spaces."""
	if not isinstance(value, str) or not value.strip():
		raise InvalidParam(field, label, _("{label} is required. Allowed values: {allowed}"), allowed=allowed)
	wanted = value.strip().casefold()
	for option in allowed:
		if option.casefold() == wanted:
			return option
	raise InvalidParam(
		field,
		label,
		_("{label} cannot be {value}. Must be one of {allowed}"),
		value=value.strip()[:140],
		allowed=allowed,
	)


def choice_set(value: object, field: str, label: str, allowed: Sequence[str]) -> list[str]:
	"""A comma-separated string (or a JSON list) of values from `allowed`, deduplicated, in order."""
	if is_blank(value):
		return []
	if isinstance(value, str):
		items: Iterable[object] = value.split(",")
	elif isinstance(value, list | tuple):
		items = value
	else:
		raise InvalidParam(
			field, label, _("{label} must be a comma-separated list of {allowed}"), allowed=allowed
		)
	chosen: list[str] = []
	for item in items:
		if is_blank(item):
			continue
		option = choice(item, field, label, allowed)
		if option not in chosen:
			chosen.append(option)
	return chosen


def parse_date(value: object, field: str, label: str) -> date | None:
	"""A `YYYY-MM-DD` date; None when blank."""
	if is_blank(value):
		return None
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	if isinstance(value, str) and _DATE_RE.match(value.strip()):
		try:
			return date.fromisoformat(value.strip())
		except ValueError:
			pass
	raise InvalidParam(
		field, label, _("{label} must be a valid date as YYYY-MM-DD, not {value}"), value=str(value)[:40]
	)


def parse_datetime(
	value: object, field: str, label: str, site_tz: str | tzinfo | None = None
) -> datetime | None:
	"""A datetime as `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]` (a `T` may separate date and time).

	A value with a UTC offset (`Z`, `+03:00`) is converted to the site's time zone, in which Frappe
	stores naive datetimes. A date alone means its midnight. None when blank.
	"""
	if is_blank(value):
		return None
	if isinstance(value, datetime):
		return to_site_naive(value, site_tz)
	match = _DATETIME_RE.match(value.strip()) if isinstance(value, str) else None
	if match:
		try:
			day = date.fromisoformat(match["date"])
			fraction = (match["fraction"] or "").ljust(6, "0")
			moment = datetime(
				day.year,
				day.month,
				day.day,
				int(match["hour"] or 0),
				int(match["minute"] or 0),
				int(match["second"] or 0),
				int(fraction or 0),
				tzinfo=_parse_offset(match["tz"]),
			)
			return to_site_naive(moment, site_tz)
		except ValueError:
			pass
	raise InvalidParam(
		field,
		label,
		_("{label} must be a valid date and time as YYYY-MM-DD HH:MM:SS, not {value}"),
		value=str(value)[:40],
	)


def _parse_offset(text: str | None) -> tzinfo | None:
	if not text:
		return None
	if text == "Z":
		return timezone.utc
	sign = -1 if text[0] == "-" else 1
	digits = text[1:].replace(":", "")
	hours, minutes = int(digits[:2]), int(digits[2:])
	if hours > 23 or minutes > 59:
		raise ValueError(text)
	return timezone(sign * timedelta(hours=hours, minutes=minutes))


def to_site_naive(moment: datetime, site_tz: str | tzinfo | None) -> datetime:
	if moment.tzinfo is None:
		return moment
	zone = ZoneInfo(site_tz) if isinstance(site_tz, str) else (site_tz or timezone.utc)
	return moment.astimezone(zone).replace(tzinfo=None)


def record_id(value: object, alias: object = None, field: str = "task_id", label: str = "Task ID") -> int:
	"""A record's integer id from `value`, or from `alias` when `value` is missing (older clients)."""
	raw = alias if is_blank(value) else value
	if is_blank(raw):
		raise InvalidParam(field, label, _("{label} is required"))
	number = to_int(raw)
	if number is None or number < 1:
		raise InvalidParam(
			field, label, _("{label} must be a positive whole number, not {value}"), value=str(raw)[:40]
		)
	return number


def text(
	value: object, field: str, label: str, max_length: int | None = None, required: bool = False
) -> str | None:
	"""A stripped string; None when blank and not required."""
	if is_blank(value):
		if required:
			raise InvalidParam(field, label, _("{label} is required"))
		return None
	if not isinstance(value, str | int | float) or isinstance(value, bool):
		raise InvalidParam(field, label, _("{label} must be text"))
	result = str(value).strip()
	if max_length is not None and len(result) > max_length:
		raise InvalidParam(field, label, _("{label} is longer than {max} characters"), max=max_length)
	return result


def json_object(raw: object, field: str, label: str | None = None) -> dict:
	"""An object given as a dict or a JSON string of one; {} when blank."""
	if raw is None or (isinstance(raw, str) and not raw.strip()):
		return {}
	if isinstance(raw, str):
		try:
			raw = json.loads(raw)
		except ValueError:
			raise InvalidParam(field, label or field, _("{label} must be a JSON object")) from None
	if not isinstance(raw, dict):
		raise InvalidParam(field, label or field, _("{label} must be a JSON object"))
	return dict(raw)


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def truthy(value: object) -> bool:
	"""A lenient query-string flag: 1/true/yes/on (any case) is True, anything else False."""
	if isinstance(value, bool):
		return value
	return str(value if value is not None else "").strip().lower() in _TRUE


def boolean(value: object, field: str, label: str | None = None, default: bool | None = None) -> bool:
	"""A strict boolean: true/false, 1/0, yes/no, on/off; `default` when blank; else InvalidParam."""
	if is_blank(value) and default is not None:
		return default
	if isinstance(value, bool):
		return value
	text = str(value if value is not None else "").strip().lower()
	if text in _TRUE:
		return True
	if text in _FALSE and not (text == "" and default is None):
		return False
	raise InvalidParam(field, label or field, _("{label} must be true or false"))


def reference_pair(
	values: Mapping[str, Any], doctype_key: str, name_key: str, required: bool = False
) -> tuple[str, str] | None:
	"""(doctype, name) of a referenced record: both or neither (both when `required`)."""
	doctype = text(values.get(doctype_key), doctype_key, doctype_key, 140, required)
	name = text(values.get(name_key), name_key, name_key, 140, required)
	if bool(doctype) != bool(name):
		missing = name_key if doctype else doctype_key
		other = doctype_key if doctype else name_key
		raise InvalidParam(missing, missing, _("{label} is required with {other}"), other=other)
	return (doctype, name) if doctype else None
