"""A site's CRM Task (as Customize Form leaves it) reaches the rules, the options answer and OpenAPI."""

import json
from dataclasses import replace

import pytest
from openapi_spec_validator import validate

from crm.core import openapi, schema, task_options, tasks
from crm.core.errors import InvalidParam

SHIPPED = tasks.shipped()


def customised(fieldname: str, **changes: object) -> schema.DocSchema:
	"""CRM Task with one field changed, as a Property Setter changes it."""
	fields = dict(SHIPPED.fields)
	fields[fieldname] = replace(fields[fieldname], **changes)
	return replace(SHIPPED, fields=fields)


SITE_VISIT = customised("task_type", options="Meeting\nCall\nProperty Showing\nSite Visit")


def test_the_shipped_schema_is_the_doctype_json():
	assert SHIPPED.options("task_type") == ("Meeting", "Call", "Property Showing")
	assert SHIPPED.required("title") and SHIPPED.required("task_type")
	assert SHIPPED.default("status") == "Todo"
	assert "column_break_main" not in SHIPPED.fields


def test_from_fields_reads_meta_shaped_rows():
	rows = [
		{"fieldname": "kind", "fieldtype": "Select", "options": "A\nB", "reqd": 1, "label": "Kind"},
		{"fieldname": "cb", "fieldtype": "Column Break"},
		{"fieldname": "n", "fieldtype": "Int", "default": 0},
	]
	built = schema.from_fields("X", rows, "2026-01-01")
	assert built.options("kind") == ("A", "B") and built.required("kind")
	assert built.label("n") == "n" and built.default("n") == "0" and not built.required("n")
	assert list(built.fields) == ["kind", "n"]


class DocFieldLike:
	"""A definition answering `get` alone, as a DocField of the site's meta does (no `[]`)."""

	def __init__(self, values: dict) -> None:
		self._values = values

	def get(self, key: str) -> object:
		return self._values.get(key)


def test_a_schema_reads_each_field_through_get_alone():
	"""crm/common/meta.py hands `from_fields` the site's DocFields themselves: the schema they give is
	the one their dicts give."""
	full = [
		{
			"fieldname": "kind",
			"fieldtype": "Select",
			"options": "A\nB",
			"reqd": 1,
			"label": "Kind",
			"length": 9,
		},
		{"fieldname": "n", "fieldtype": "Int", "default": 3, "bold": 1, "in_list_view": 1},
		{"fieldname": "cb", "fieldtype": "Column Break", "width": "50%"},
	]
	fields = [DocFieldLike(row) for row in full]
	assert schema.from_fields("X", fields, "m") == schema.from_fields("X", full, "m")
	every = json.loads((schema.DOCTYPES_DIR / "crm_task" / "crm_task.json").read_text())["fields"]
	shipped = [DocFieldLike(row) for row in every]
	assert schema.from_fields("CRM Task", shipped) == schema.from_fields("CRM Task", every)


def test_a_value_added_on_the_site_is_accepted_and_listed_when_refused():
	clean = tasks.clean_task_input({"title": "t", "task_type": "site visit"}, creating=True, task=SITE_VISIT)
	assert clean["task_type"] == "Site Visit"
	with pytest.raises(InvalidParam) as caught:
		tasks.clean_task_input({"title": "t", "task_type": "Site Visit"}, creating=True)
	with pytest.raises(InvalidParam) as caught:
		tasks.clean_task_input({"title": "t", "task_type": "Visit"}, creating=True, task=SITE_VISIT)
	assert "'Site Visit'" in str(caught.value)


def test_a_label_changed_on_the_site_names_the_field():
	task = customised("task_type", label="Kind of visit")
	with pytest.raises(InvalidParam) as caught:
		tasks.clean_task_input({"title": "t", "task_type": "x"}, creating=True, task=task)
	assert str(caught.value).startswith("Kind of visit cannot be x")


def test_a_field_made_mandatory_on_the_site_is_required_and_cannot_be_cleared():
	task = customised("due_date", required=True)
	with pytest.raises(InvalidParam) as caught:
		tasks.clean_task_input({"title": "t", "task_type": "Call"}, creating=True, task=task)
	assert caught.value.field == "due_date"
	with pytest.raises(InvalidParam):
		tasks.clean_task_input({"due_date": ""}, creating=False, task=task)
	assert tasks.clean_task_input({"title": "u"}, creating=False, task=task) == {"title": "u"}


def test_priority_rank_follows_the_sites_order():
	assert tasks.priority_rank("Urgent", ("Low", "Medium", "High", "Urgent")) == 4
	assert tasks.priority_rank("Urgent") == 0


def arabic(text: str) -> str:
	return {"Site Visit": "زيارة موقع", "Task Type": "نوع المهمة"}.get(text, text)


def test_task_options_lists_values_labels_order_and_defaults():
	answer = task_options.task_options(
		SITE_VISIT, {"task_type": "Site Visit", "priority": "High"}, arabic, "ar"
	)
	assert answer["task_types"][-1] == {"value": "Site Visit", "label": "زيارة موقع", "order": 4}
	assert [p["value"] for p in answer["priorities"]] == ["Low", "Medium", "High"]
	assert answer["labels"]["task_type"] == "نوع المهمة"
	assert answer["defaults"] == {"task_type": "Site Visit", "status": "Todo", "priority": "High"}
	assert answer["language"] == "ar" and len(answer["version"]) == task_options.VERSION_LENGTH


def test_a_default_the_site_no_longer_allows_falls_back_to_the_doctypes():
	answer = task_options.task_options(SHIPPED, {"task_type": "Site Visit", "priority": None}, str, "en")
	assert answer["defaults"] == {"task_type": None, "status": "Todo", "priority": "Medium"}


def test_the_version_changes_with_values_labels_and_language():
	versions = {
		task_options.task_options(task, {}, translate, language)["version"]
		for task, translate, language in (
			(SHIPPED, str, "en"),
			(SITE_VISIT, str, "en"),
			(SITE_VISIT, arabic, "en"),
			(SITE_VISIT, arabic, "ar"),
		)
	}
	assert len(versions) == 4
	assert task_options.task_options(SHIPPED, {}, str, "en")["version"] in versions


@pytest.mark.parametrize(
	"header, matches",
	[
		(None, False),
		("", False),
		('"abc"', True),
		('W/"abc"', True),
		('"x", "abc"', True),
		("*", True),
		('"abd"', False),
		("abc", False),
	],
)
def test_if_none_match(header, matches):
	assert task_options.etag_matches(header, task_options.etag("abc")) is matches


def test_the_served_description_has_the_sites_values():
	spec = openapi.build(SITE_VISIT)
	validate(json.loads(json.dumps(spec)))
	types = spec["components"]["schemas"]["Task"]["properties"]["task_type"]["enum"]
	assert "Site Visit" in types
	body = spec["paths"]["/api/method/crm.api.mobile_api.create_task"]["post"]["requestBody"]
	assert "Site Visit" in body["content"]["application/json"]["schema"]["properties"]["task_type"]["enum"]
	assert "Site Visit" not in json.dumps(openapi.build())


def test_activity_types_and_organization_sizes_follow_the_site():
	from crm.core import activities, contacts

	activity = schema.shipped("CRM Activity")
	fields = dict(activity.fields)
	fields["activity_type"] = replace(fields["activity_type"], options="Call\nSite Visit", label="Kind")
	site_activity = replace(activity, fields=fields)
	values = {"activity_type": "site visit", "subject": "s"}
	assert activities.clean_activity(values, creating=False, activity=site_activity) == {
		"activity_type": "Site Visit",
		"subject": "s",
	}
	with pytest.raises(InvalidParam, match=r"^Kind cannot be Meeting"):
		activities.clean_activity({"activity_type": "Meeting"}, creating=False, activity=site_activity)
	spec = openapi.build(activity=site_activity)
	assert spec["components"]["schemas"]["Activity"]["properties"]["activity_type"]["enum"] == [
		"Call",
		"Site Visit",
	]
	organization = schema.shipped("CRM Organization")
	fields = dict(organization.fields)
	fields["size"] = replace(fields["size"], options="1-10\n5000+")
	site_organization = replace(organization, fields=fields)
	assert contacts.clean_organization({"size": "5000+"}, creating=False, organization=site_organization) == {
		"size": "5000+"
	}
	with pytest.raises(InvalidParam):
		contacts.clean_organization({"size": "5000+"}, creating=False)
