"""The WhatsApp Cloud API client against `responses`: exact requests, every error kind, timeouts."""

import json

import pytest
import requests
import responses

from crm.core import whatsapp
from crm.core.errors import InvalidParam

CONFIG = whatsapp.Config(access_token="EAAG-test-token", phone_number_id="109876543210", api_version="v21.0")
URL = "https://graph.facebook.com/v21.0/109876543210/messages"
OK = {
	"messaging_product": "whatsapp",
	"contacts": [{"input": "966501234567", "wa_id": "966501234567"}],
	"messages": [{"id": "wamid.HBgMOTY2NTAxMjM0NTY3FQIAERgSQ0", "message_status": "accepted"}],
}


def outgoing(**values):
	return whatsapp.parse_outgoing({"to": "0501234567", **values}, "SA", "en_US")


def graph_error(code, message="error", status=400, details=None):
	error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "Axyz"}
	if details:
		error["error_data"] = {"messaging_product": "whatsapp", "details": details}
	return {"json": {"error": error}, "status": status}


@responses.activate
def test_text_message_request_is_exactly_what_graph_expects():
	responses.post(URL, json=OK)
	sent = whatsapp.send(CONFIG, outgoing(message="مرحبا، موعد المعاينة غدًا").payload())
	assert sent == whatsapp.Sent(message_id=OK["messages"][0]["id"], wa_id="966501234567")
	call = responses.calls[0].request
	assert call.url == URL
	assert call.method == "POST"
	assert call.headers["Authorization"] == "Bearer EAAG-test-token"
	assert call.headers["Content-Type"] == "application/json"
	assert json.loads(call.body) == {
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": "966501234567",
		"type": "text",
		"text": {"preview_url": False, "body": "مرحبا، موعد المعاينة غدًا"},
	}


@responses.activate
def test_template_message_request_with_body_parameters():
	responses.post(URL, json=OK)
	message = outgoing(template="viewing_reminder", template_language="ar", template_params=["Ali", "10:00"])
	whatsapp.send(CONFIG, message.payload())
	assert json.loads(responses.calls[0].request.body) == {
		"messaging_product": "whatsapp",
		"recipient_type": "individual",
		"to": "966501234567",
		"type": "template",
		"template": {
			"name": "viewing_reminder",
			"language": {"code": "ar"},
			"components": [
				{
					"type": "body",
					"parameters": [{"type": "text", "text": "Ali"}, {"type": "text", "text": "10:00"}],
				}
			],
		},
	}


@responses.activate
def test_template_without_parameters_uses_the_default_language():
	responses.post(URL, json=OK)
	whatsapp.send(CONFIG, outgoing(template="hello_world").payload())
	assert json.loads(responses.calls[0].request.body)["template"] == {
		"name": "hello_world",
		"language": {"code": "en_US"},
	}


def test_template_as_graph_object_or_json_string():
	components = [{"type": "header", "parameters": [{"type": "text", "text": "Villa 12"}]}]
	spec = {"name": "offer", "language": {"code": "ar"}, "components": components}
	for template in (spec, json.dumps(spec)):
		message = outgoing(template=template)
		assert message.payload()["template"] == spec
		assert message.message_type == "template"
	assert outgoing(template="offer", template_params='["a", 2]').components[0]["parameters"][1] == {
		"type": "text",
		"text": "2",
	}


def test_api_version_configurable_and_checked():
	config = whatsapp.Config("t", "42", api_version="v19.0", base_url="http://127.0.0.1:9999/")
	assert config.messages_url == "http://127.0.0.1:9999/v19.0/42/messages"
	assert whatsapp.api_version(" v22.0 ") == "v22.0"
	for bad in ("21.0", "v21", "latest", ""):
		with pytest.raises(InvalidParam):
			whatsapp.api_version(bad)


# Each Graph error, mapped to a kind a person can act on, and to the API's status code.
ERRORS = [
	(190, 401, "auth", 502),
	(0, 401, "auth", 502),
	(10, 403, "permission", 502),
	(200, 403, "permission", 502),
	(131026, 400, "not_on_whatsapp", 417),
	(131047, 400, "outside_window", 417),
	(131030, 400, "recipient_not_allowed", 417),
	(130429, 400, "rate_limited", 429),
	(131056, 400, "rate_limited", 429),
	(80007, 400, "rate_limited", 429),
	(4, 400, "rate_limited", 429),
	(132001, 404, "template", 417),
	(132000, 400, "template", 417),
	(100, 400, "invalid_request", 417),
	(131009, 400, "invalid_request", 417),
	(368, 403, "account_blocked", 502),
	(131031, 403, "account_blocked", 502),
	(131000, 500, "provider_error", 502),
	(999999, 500, "provider_error", 502),
]


@pytest.mark.parametrize(("code", "http_status", "kind", "api_status"), ERRORS)
@responses.activate
def test_each_graph_error_is_mapped(code, http_status, kind, api_status):
	responses.post(URL, **graph_error(code, "Graph says no", http_status, details="more words"))
	with pytest.raises(whatsapp.GraphError) as caught:
		whatsapp.send(CONFIG, outgoing(message="hi").payload())
	error = caught.value
	assert (error.kind, error.code, error.status) == (kind, code, api_status)
	assert error.detail == "more words"
	assert f"#{code}" in error.reason()
	assert whatsapp.REASONS[kind] in error.reason()


def test_error_reasons_say_what_to_do():
	assert "template" in whatsapp.REASONS["outside_window"]
	assert "24 hours" in whatsapp.REASONS["outside_window"]
	assert "not on WhatsApp" in whatsapp.REASONS["not_on_whatsapp"]
	assert "access token" in whatsapp.REASONS["auth"]
	assert "try again" in whatsapp.REASONS["rate_limited"]


@responses.activate
def test_error_without_json_body_is_a_provider_error():
	responses.post(URL, body="<html>Bad Gateway</html>", status=502)
	with pytest.raises(whatsapp.GraphError) as caught:
		whatsapp.send(CONFIG, outgoing(message="hi").payload())
	assert (caught.value.kind, caught.value.code, caught.value.detail) == ("provider_error", None, "HTTP 502")


@responses.activate
def test_http_429_without_code_is_rate_limited():
	responses.post(URL, body="slow down", status=429)
	with pytest.raises(whatsapp.GraphError) as caught:
		whatsapp.send(CONFIG, outgoing(message="hi").payload())
	assert caught.value.kind == "rate_limited"


@responses.activate
def test_timeout_is_surfaced_as_a_failed_status_with_the_reason():
	responses.post(URL, body=requests.ReadTimeout("read timed out"))
	with pytest.raises(whatsapp.GraphError) as caught:
		whatsapp.send(CONFIG, outgoing(message="hi").payload())
	assert caught.value.kind == "timeout"
	assert caught.value.status == 504
	failed = whatsapp.failed_values(caught.value)
	assert failed["status"] == "Failed"
	assert failed["error_code"] == "timeout"
	assert failed["failure_reason"].startswith("WhatsApp did not answer in time")
	assert "10 s" in failed["failure_reason"]


@responses.activate
def test_connection_error_is_unreachable():
	responses.post(URL, body=requests.ConnectionError("refused"))
	with pytest.raises(whatsapp.GraphError) as caught:
		whatsapp.send(CONFIG, outgoing(message="hi").payload())
	assert (caught.value.kind, caught.value.status) == ("unreachable", 502)
	assert whatsapp.failed_values(caught.value)["error_code"] == "unreachable"


@responses.activate
def test_graph_error_code_is_the_stored_error_code():
	responses.post(URL, **graph_error(131047, "Re-engagement message"))
	with pytest.raises(whatsapp.GraphError) as caught:
		whatsapp.send(CONFIG, outgoing(message="hi").payload())
	assert whatsapp.failed_values(caught.value)["error_code"] == "131047"


@responses.activate
def test_answer_without_a_message_id_is_an_error():
	responses.post(URL, json={"messaging_product": "whatsapp", "messages": []})
	with pytest.raises(whatsapp.GraphError) as caught:
		whatsapp.send(CONFIG, outgoing(message="hi").payload())
	assert caught.value.kind == "provider_error"


@responses.activate
def test_redirects_are_not_followed():
	responses.post(URL, status=302, headers={"Location": "https://elsewhere.example/steal"})
	with pytest.raises(whatsapp.GraphError):
		whatsapp.send(CONFIG, outgoing(message="hi").payload())
	assert len(responses.calls) == 1


@responses.activate
@pytest.mark.parametrize(
	("values", "field"),
	[
		({"to": "12", "message": "hi"}, "to"),
		({"to": "", "message": "hi"}, "to"),
		({"message": ""}, "message"),
		({"message": "x" * 4097}, "message"),
		({"template": "Viewing Reminder"}, "template"),
		({"template": "ok_name", "template_language": "Arabic"}, "template_language"),
		({"template": "ok_name", "template_params": '{"a": 1}'}, "template_params"),
		({"template": {"name": "ok", "components": "body"}}, "template"),
		({"template": "{not json"}, "template"),
	],
)
def test_bad_input_is_refused_before_any_call(values, field):
	with pytest.raises(InvalidParam) as caught:
		whatsapp.parse_outgoing({"to": "0501234567", **values}, "SA", "en_US")
	assert caught.value.field == field
	assert len(responses.calls) == 0


def test_serialize_names_from_and_to():
	row = {
		"name": "abc",
		"from_number": "+966501234567",
		"to_number": "",
		"message_time": "2026-11-23 10:00:00",
	}
	answer = whatsapp.serialize(row)
	assert answer["from"] == "+966501234567"
	assert answer["to"] is None
	assert answer["message_time"] == "2026-11-23 10:00:00"
	assert "from_number" not in answer
	assert set(answer) == {{"from_number": "from", "to_number": "to"}.get(f, f) for f in whatsapp.FIELDS}
