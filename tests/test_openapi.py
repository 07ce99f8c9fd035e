"""The shipped OpenAPI 3.1 description: valid, current, and covering every endpoint of the contract."""

import json

import jsonschema
import pytest
from openapi_spec_validator import validate

from crm.core import openapi
from tests.contract import CORE_ENDPOINTS, EMAIL_ENDPOINTS, GUEST_ENDPOINTS, MOBILE_API, MOBILE_ENDPOINTS

SPEC = json.loads(openapi.SPEC_FILE.read_text(encoding="utf-8"))
CONTRACT = {f"{MOBILE_API}.{name}": (None, methods) for name, (_guest, methods) in MOBILE_ENDPOINTS.items()}
CONTRACT |= EMAIL_ENDPOINTS | CORE_ENDPOINTS


def test_the_shipped_file_is_the_current_build():
	assert openapi.SPEC_FILE.read_text(encoding="utf-8") == openapi.dump(), (
		"crm/public/openapi.json is stale: run python -m crm.core.openapi > crm/public/openapi.json"
	)


def test_it_is_a_valid_openapi_3_1_document():
	assert SPEC["openapi"] == "3.1.0"
	validate(SPEC)


def test_every_endpoint_has_an_answer_description():
	assert set(openapi.endpoints()) == set(openapi.ANSWERS)


@pytest.mark.parametrize("dotted", sorted(CONTRACT))
def test_every_contract_endpoint_is_described(dotted):
	item = SPEC["paths"][f"/api/method/{dotted}"]
	methods = CONTRACT[dotted][1]
	if methods:
		assert {m.lower() for m in methods} == set(item)
	for operation in item.values():
		assert "200" in operation["responses"]
		guest = operation.get("security") == [{}]
		assert guest is (dotted in GUEST_ENDPOINTS or dotted.endswith("get_oauth_config"))
		if not guest:
			assert "401" in operation["responses"]
			assert "429" in operation["responses"]


def test_parameters_are_the_functions_own():
	operation = SPEC["paths"]["/api/method/crm.api.mobile_api.filter_tasks"]["get"]
	names = [p["name"] for p in operation["parameters"]]
	assert names[:4] == ["date_from", "date_to", "importance", "status"]
	post = SPEC["paths"]["/api/method/crm.api.mobile_api.create_task"]["post"]
	assert {"title", "task_type"} <= set(
		post["requestBody"]["content"]["application/json"]["schema"]["properties"]
	)


def test_three_auth_schemes():
	assert set(SPEC["components"]["securitySchemes"]) == {"oauth2", "apiKey", "session"}
	assert SPEC["security"] == [{"oauth2": []}, {"apiKey": []}, {"session": []}]


def schema(name):
	return {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}


def test_settings_schema_refuses_an_answer_with_a_secret():
	answer = {
		"rate_limits_enabled": True,
		"requests_per_minute_per_key": 100,
		"requests_per_hour_per_user": 1000,
		"whatsapp_enabled": False,
		"whatsapp_access_token_set": True,
		"whatsapp_app_secret_set": False,
		"whatsapp_verify_token_set": False,
	}
	jsonschema.validate(answer, schema("Settings"))
	with pytest.raises(jsonschema.ValidationError):
		jsonschema.validate(answer | {"whatsapp_access_token": "EAAG"}, schema("Settings"))


def test_task_schema_is_the_seed_shape():
	task = {
		"name": 7,
		"title": "Call Ali",
		"status": "Todo",
		"priority": "High",
		"task_type": "Call",
		"start_date": "2026-11-23",
		"due_date": "2026-11-23 10:00:00",
		"assigned_to": None,
		"modified": "2026-11-23 09:00:00.123456",
	}
	jsonschema.validate(task, schema("Task"))
	for broken in ({"name": "7"}, {"status": "Open"}, {"start_date": "23/11/2026"}, {"title": None}):
		with pytest.raises(jsonschema.ValidationError):
			jsonschema.validate(task | broken, schema("Task"))


def request_schemas():
	"""(operation, parameter, schema) of every parameter and request-body property."""
	for path, item in SPEC["paths"].items():
		for method, operation in item.items():
			for parameter in operation.get("parameters", []):
				yield f"{method} {path}", parameter["name"], parameter["schema"]
			for content in operation.get("requestBody", {}).get("content", {}).values():
				for name, schema in content["schema"]["properties"].items():
					yield f"{method} {path}", name, schema


def test_parameters_have_one_canonical_type():
	for where, name, schema in request_schemas():
		assert isinstance(schema.get("type"), str), (where, name, schema)
		if schema["type"] == "array":
			assert "items" in schema, (where, name)


def test_pagination_is_an_integer_and_sets_are_patterned_strings():
	import re

	parameters = {
		p["name"]: p["schema"]
		for p in SPEC["paths"]["/api/method/crm.api.mobile_api.filter_tasks"]["get"]["parameters"]
	}
	assert parameters["limit"] == {"type": "integer"} and parameters["page"] == {"type": "integer"}
	importance = parameters["importance"]
	assert importance["type"] == "string" and "Low, Medium, High" in importance["description"]
	assert re.match(importance["pattern"], "High, Low")
	assert not re.match(importance["pattern"], "High,Urgent")
