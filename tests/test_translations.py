"""Every user-facing string of the app has an Arabic translation that keeps its placeholders."""

import ast
import csv
import json
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "crm"
CATALOGUE = APP / "translations" / "ar.csv"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
JS_OR_JINJA_CALL = re.compile(r"""(?<![\w.])_{1,2}\(\s*(["'])((?:\\.|(?!\1).)*)\1""")
LAYOUT = {"Section Break", "Column Break", "Tab Break"}
# Core errors label a field with these human names (InvalidParam's `label`), which are translated too.
CORE_LABELS = (
	"Task title",
	"Task ID",
	"Importance",
	"Date From",
	"Date To",
	"Order By",
	"To",
	"Message",
	"Template",
	"Template Language",
	"Template Parameters",
	"Phone",
	"Phone Number",
)


def catalogue() -> dict[str, str]:
	with open(CATALOGUE, encoding="utf-8", newline="") as handle:
		return {row[0]: row[1] for row in csv.reader(handle) if row}


def source_files(pattern: str):
	for path in sorted(APP.rglob(pattern)):
		if "tests" in path.parts or path.name.startswith("test_"):
			continue
		yield path


def is_field_definition(node: ast.Dict) -> bool:
	"""A field as Frappe defines one (a `fieldname` key), whose label and description Desk shows;
	other dicts with a description (the OpenAPI document's) are developer text."""
	return any(isinstance(key, ast.Constant) and key.value == "fieldname" for key in node.keys)


def python_strings() -> set[str]:
	found = set()
	for path in source_files("*.py"):
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if (
				isinstance(node, ast.Call)
				and getattr(node.func, "id", None) in ("_", "mark")
				and node.args
				and isinstance(node.args[0], ast.Constant)
				and isinstance(node.args[0].value, str)
			):
				found.add(node.args[0].value)
			if isinstance(node, ast.Dict) and is_field_definition(node):  # custom fields
				for key, value in zip(node.keys, node.values, strict=True):
					if isinstance(key, ast.Constant) and key.value in ("label", "description"):
						if isinstance(value, ast.Constant) and isinstance(value.value, str):
							found.add(value.value)
	return found


def template_strings() -> set[str]:
	found = set()
	for pattern in ("*.html", "*.js"):
		for path in source_files(pattern):
			found.update(
				match.group(2) for match in JS_OR_JINJA_CALL.finditer(path.read_text(encoding="utf-8"))
			)
	return found


def doctype_strings() -> set[str]:
	found = set()
	for path in APP.glob("crm/doctype/*/*.json"):
		definition = json.loads(path.read_text(encoding="utf-8"))
		found.add(definition["name"])
		for field in definition["fields"]:
			found.update(filter(None, (field.get("label"), field.get("description"))))
			if field["fieldtype"] == "Select":
				found.update(option for option in (field.get("options") or "").split("\n") if option)
	return found


def desk_strings() -> set[str]:
	"""What Desk shows of the shipped workspace, number cards, charts and reports: it translates
	their labels, names and header text."""
	found = set()
	for path in APP.glob("crm/workspace/*/*.json"):
		page = json.loads(path.read_text(encoding="utf-8"))
		found.add(page["label"])
		for table in ("shortcuts", "links", "number_cards", "charts"):
			found.update(item["label"] for item in page.get(table, []) if item.get("label"))
		for block in json.loads(page["content"]):
			if block["type"] == "header":
				found.add(re.sub(r"<[^>]+>", "", block["data"]["text"]).strip())
	for folder, key in DESK_NAMES:
		for path in APP.glob(f"crm/{folder}/*/*.json"):
			found.add(json.loads(path.read_text(encoding="utf-8"))[key])
	return found


DESK_NAMES = (
	("number_card", "label"),
	("dashboard_chart", "chart_name"),
	("dashboard_chart_source", "source_name"),
	("report", "report_name"),
)
ALL = sorted(python_strings() | template_strings() | doctype_strings() | desk_strings() | set(CORE_LABELS))


def test_the_extraction_finds_the_apps_strings():
	assert len(ALL) > 200
	assert "Human Inbox" in ALL and "{label} is required" in ALL and "Property Showing" in ALL
	assert {"My Tasks Today", "Task Board", "Overdue Tasks by Seller", "Work"} <= set(ALL)


@pytest.mark.parametrize("text", ALL)
def test_has_an_arabic_translation(text):
	translation = catalogue().get(text)
	assert translation, f"no Arabic for {text!r} in crm/translations/ar.csv"
	assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(text))


def test_translations_are_arabic_where_they_are_words():
	words = {
		k: v for k, v in catalogue().items() if re.search(r"[A-Za-z]{3}", k) and not k.startswith("crm_")
	}
	not_arabic = [k for k, v in words.items() if not re.search(r"[\u0600-\u06ff]", v)]
	assert not_arabic == []
