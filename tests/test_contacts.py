"""Contact and organization inputs, search filters and answers."""

import pytest

from crm.core import contacts
from crm.core.errors import InvalidParam


def field_of(call):
	with pytest.raises(InvalidParam) as info:
		call()
	return info.value.field


def test_contact_create_reads_only_documented_fields():
	cleaned = contacts.clean_contact(
		{
			"first_name": " Fahad ",
			"email": "Fahad@Example.com",
			"phone": "+966 50 123 4567",
			"mobile": "٠٥٠١٢٣٤٥٦٧",
			"owner": "x@example.com",
			"name": "forced",
			"docstatus": 1,
			"creation": "2020-01-01",
		},
		creating=True,
	)
	assert cleaned == {
		"first_name": "Fahad",
		"email": "fahad@example.com",
		"phone": "+966 50 123 4567",
		"mobile": "٠٥٠١٢٣٤٥٦٧",
	}


def test_contact_update_leaves_absent_and_null_fields():
	assert contacts.clean_contact({"last_name": None, "designation": "", "email": ""}, creating=False) == {
		"designation": "",
		"email": "",
	}


@pytest.mark.parametrize(
	"values,field",
	[
		({}, "first_name"),
		({"first_name": "  "}, "first_name"),
		({"first_name": "A", "email": "nope"}, "email"),
		({"first_name": "A", "email": "a@example.com, b@example.com"}, "email"),
		({"first_name": "A", "phone": "call me"}, "phone"),
		({"first_name": "A", "mobile": "12"}, "mobile"),
	],
)
def test_contact_refusals(values, field):
	assert field_of(lambda: contacts.clean_contact(values, creating=True)) == field


def test_search_filters_escape_wildcards():
	assert contacts.search_filters(None, ("a",)) is None
	assert contacts.search_filters("  ", ("a",)) is None
	assert contacts.search_filters("50%_off", ("a", "b")) == [
		["a", "like", "%50\\%\\_off%"],
		["b", "like", "%50\\%\\_off%"],
	]


def test_search_filters_match_characters_the_database_rewrites_by_a_wildcard():
	assert contacts.search_filters("' OR 1=1 --", ("a",), "=<>`") == [["a", "like", "%' OR 1_1 --%"]]
	assert contacts.search_filters("size>3", ("a",), "") == [["a", "like", "%size>3%"]]


def test_organization_rules():
	cleaned = contacts.clean_organization(
		{
			"organization_name": "Acme Realty",
			"website": "https://acme.example",
			"size": "11-50",
			"city": "Riyadh",
			"owner": "x",
		},
		creating=True,
	)
	assert cleaned == {
		"organization_name": "Acme Realty",
		"website": "https://acme.example",
		"size": "11-50",
		"city": "Riyadh",
	}
	assert field_of(lambda: contacts.clean_organization({}, creating=True)) == "organization_name"
	assert (
		field_of(
			lambda: contacts.clean_organization({"organization_name": "A", "website": "acme"}, creating=True)
		)
		== "website"
	)
	assert (
		field_of(
			lambda: contacts.clean_organization({"organization_name": "A", "size": "huge"}, creating=True)
		)
		== "size"
	)
	assert contacts.clean_organization({"size": ""}, creating=False) == {"size": ""}


def test_serializers():
	row = {
		"name": "Fahad",
		"first_name": "Fahad",
		"email_id": "f@example.com",
		"mobile_no": "0501234567",
		"modified": "2026-01-01",
	}
	answer = contacts.serialize_contact(row)
	assert (answer["full_name"], answer["email"], answer["mobile"], answer["phone"]) == (
		"Fahad",
		"f@example.com",
		"0501234567",
		None,
	)
	org = contacts.serialize_organization({"name": "Acme", "organization_name": "Acme", "city": ""})
	assert org["city"] is None and set(contacts.ORGANIZATION_FIELDS) <= set(org)
