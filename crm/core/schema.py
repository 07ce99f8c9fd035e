"""A DocType's fields as the API's rules need them: Select options, labels, defaults, mandatory flags.

On a site these come from Frappe's meta (Customize Form and Property Setters count): the Frappe
layer builds a `DocSchema` with `from_fields` (see crm/common/meta.py) and hands it to the core
rules. `shipped` reads the same from the DocType JSON in the app, the defaults a fresh site has,
for the OpenAPI file shipped in the app and for tests without a site.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

DOCTYPES_DIR = Path(__file__).resolve().parent.parent / "crm" / "doctype"
LAYOUT_TYPES = frozenset({"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading"})


@dataclass(frozen=True)
class Field:
	fieldname: str
	fieldtype: str
	label: str
	options: str  # Select: one value a line; Link: the DocType
	default: str | None
	required: bool


@dataclass(frozen=True)
class DocSchema:
	"""The data fields of one DocType in form order; `modified` is when its definition last changed."""

	doctype: str
	fields: Mapping[str, Field]
	modified: str = ""

	def options(self, fieldname: str) -> tuple[str, ...]:
		"""The allowed values of a Select field, in the DocType's order."""
		return tuple(option for option in self.fields[fieldname].options.split("\n") if option)

	def label(self, fieldname: str) -> str:
		return self.fields[fieldname].label

	def default(self, fieldname: str) -> str | None:
		return self.fields[fieldname].default

	def required(self, fieldname: str) -> bool:
		return self.fields[fieldname].required


class FieldDefinition(Protocol):
	"""A field definition read through `get` alone: a dict of the DocType JSON, or a DocField of the
	site's meta as it stands (crm/common/meta.py hands those over without copying them)."""

	def get(self, key: str) -> Any: ...


def from_fields(doctype: str, definitions: Iterable[FieldDefinition], modified: str = "") -> DocSchema:
	"""A DocSchema from field definitions, layout fields left out."""
	built = {
		f.get("fieldname"): Field(
			fieldname=f.get("fieldname"),
			fieldtype=f.get("fieldtype"),
			label=f.get("label") or f.get("fieldname"),
			options=f.get("options") or "",
			default=None if f.get("default") in (None, "") else str(f.get("default")),
			required=bool(f.get("reqd")),
		)
		for f in definitions
		if f.get("fieldtype") not in LAYOUT_TYPES
	}
	return DocSchema(doctype, MappingProxyType(built), str(modified or ""))


def folder(doctype: str) -> str:
	return doctype.lower().replace(" ", "_")


@cache
def shipped(doctype: str) -> DocSchema:
	"""The DocType as the app ships it (its JSON file): a fresh site's values."""
	path = DOCTYPES_DIR / folder(doctype) / f"{folder(doctype)}.json"
	with open(path, encoding="utf-8") as handle:
		definition = json.load(handle)
	return from_fields(doctype, definition["fields"], definition.get("modified", ""))


def fields(doctype: str) -> dict[str, dict[str, Any]]:
	"""fieldname → field definition of a shipped app DocType, layout fields left out, in form order."""
	return {name: vars(field) for name, field in shipped(doctype).fields.items()}


def options(doctype: str, fieldname: str) -> tuple[str, ...]:
	return shipped(doctype).options(fieldname)


def label(doctype: str, fieldname: str) -> str:
	return shipped(doctype).label(fieldname)
