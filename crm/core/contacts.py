"""Contacts (Frappe Contact) and organizations (CRM Organization) as the API sees them."""

from collections.abc import Mapping
from typing import Any

from crm.core import params, schema
from crm.core.email_drafts import single_address
from crm.core.errors import InvalidParam
from crm.core.i18n import _
from crm.core.schema import DocSchema
from crm.core.webhooks import validate_url

ORGANIZATION = "CRM Organization"
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "mobile", "organization", "designation")
CONTACT_LIST_COLUMNS = (
	"name",
	"first_name",
	"last_name",
	"full_name",
	"email_id",
	"phone",
	"mobile_no",
	"organization",
	"designation",
	"modified",
)
SEARCH_COLUMNS = ("full_name", "first_name", "last_name", "email_id", "phone", "mobile_no", "organization")
ORGANIZATION_FIELDS = (
	"organization_name",
	"website",
	"industry",
	"size",
	"email",
	"phone",
	"address_line1",
	"address_line2",
	"city",
	"state",
	"postal_code",
	"country",
)
ORG_SEARCH_COLUMNS = ("organization_name", "industry", "city", "email", "website")
_PHONE_CHARS = set("+0123456789 -().٠١٢٣٤٥٦٧٨٩")


def clean_contact(values: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
	"""Contact input: only CONTACT_FIELDS, each checked; `first_name` is required on create.
	Fields absent or null are left as they are (an update); "" clears an optional field."""
	cleaned: dict[str, Any] = {}
	for key in CONTACT_FIELDS:
		if key not in values or values[key] is None:
			continue
		value = values[key]
		if key == "email":
			cleaned[key] = single_address(value, key)
		elif key in ("phone", "mobile"):
			cleaned[key] = phone(value, key)
		else:
			cleaned[key] = params.text(value, key, key, 140, required=key == "first_name") or ""
	if creating and not cleaned.get("first_name"):
		raise InvalidParam("first_name", "first_name", _("{label} is required"))
	return cleaned


def phone(value: object, field: str) -> str:
	text = params.text(value, field, field, 40) or ""
	if text and (not set(text) <= _PHONE_CHARS or sum(ch.isdigit() for ch in text) < 5):
		raise InvalidParam(field, field, _("{label} must be a phone number, not {value}"), value=text)
	return text


def search_filters(search: object, columns: tuple[str, ...], rewritten: str = "") -> list[list[Any]] | None:
	"""`or_filters` matching `search` anywhere in `columns` (LIKE wildcards in it are literal).
	Characters in `rewritten`, which the database layer would alter inside the SQL text, are
	matched by the one-character wildcard instead."""
	text = params.text(search, "search", "search", 140)
	if not text:
		return None
	escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
	for character in rewritten:
		escaped = escaped.replace(character, "_")
	return [[column, "like", f"%{escaped}%"] for column in columns]


def serialize_contact(row: Mapping[str, Any]) -> dict[str, Any]:
	return {
		"name": row.get("name"),
		"first_name": row.get("first_name"),
		"last_name": row.get("last_name") or None,
		"full_name": row.get("full_name")
		or " ".join(filter(None, [row.get("first_name"), row.get("last_name")])),
		"email": row.get("email_id") or None,
		"phone": row.get("phone") or None,
		"mobile": row.get("mobile_no") or None,
		"organization": row.get("organization") or None,
		"designation": row.get("designation") or None,
		"modified": None if row.get("modified") is None else str(row.get("modified")),
	}


def clean_organization(
	values: Mapping[str, Any], *, creating: bool, organization: DocSchema | None = None
) -> dict[str, Any]:
	"""CRM Organization fields from a request; sizes are those of `organization`, the site's
	CRM Organization (None: as shipped)."""
	organization = organization or schema.shipped(ORGANIZATION)
	cleaned: dict[str, Any] = {}
	for key in ORGANIZATION_FIELDS:
		if key not in values or values[key] is None:
			continue
		value = values[key]
		if key == "website":
			cleaned[key] = validate_url(value, "website", "Website") if not params.is_blank(value) else ""
		elif key == "email":
			cleaned[key] = single_address(value, key)
		elif key == "phone":
			cleaned[key] = phone(value, key)
		elif key == "size":
			cleaned[key] = (
				""
				if params.is_blank(value)
				else params.choice(value, key, organization.label(key), organization.options(key))
			)
		else:
			cleaned[key] = params.text(value, key, key, 140, required=key == "organization_name") or ""
	if creating and not cleaned.get("organization_name"):
		raise InvalidParam("organization_name", "organization_name", _("{label} is required"))
	return cleaned


def serialize_organization(row: Mapping[str, Any]) -> dict[str, Any]:
	answer = {"name": row.get("name")}
	answer.update({key: row.get(key) or None for key in ORGANIZATION_FIELDS})
	answer["modified"] = None if row.get("modified") is None else str(row.get("modified"))
	return answer
