"""The app's DocType JSON, read as data: field types, labels, Select options.

The JSON is Frappe's source of truth for a DocType; core rules read it here instead of repeating
field lists, so a field added in Desk's DocType editor (and exported) reaches the API's rules too.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

DOCTYPES_DIR = Path(__file__).resolve().parent.parent / "crm" / "doctype"
LAYOUT_TYPES = frozenset({"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading"})


def folder(doctype: str) -> str:
	return doctype.lower().replace(" ", "_")


@cache
def fields(doctype: str) -> dict[str, dict[str, Any]]:
	"""fieldname → field definition of an app DocType, layout fields left out, in form order."""
	path = DOCTYPES_DIR / folder(doctype) / f"{folder(doctype)}.json"
	with open(path, encoding="utf-8") as handle:
		definition = json.load(handle)
	return {f["fieldname"]: f for f in definition["fields"] if f["fieldtype"] not in LAYOUT_TYPES}


def options(doctype: str, fieldname: str) -> tuple[str, ...]:
	raw = fields(doctype)[fieldname].get("options") or ""
	return tuple(option for option in raw.split("\n") if option)


def label(doctype: str, fieldname: str) -> str:
	return fields(doctype)[fieldname].get("label") or fieldname
