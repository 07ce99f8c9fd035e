"""Draft parameters, recipients and the answer shape of the email API."""

import pytest

from crm.core import email_drafts
from crm.core.errors import InvalidParam

AGENT_DRAFT = {
	"reference_doctype": "Contact",
	"reference_name": "Fahad",
	"to": "client@example.com",
	"subject": "Follow up",
	"html": "<p>Email content</p>",
	"cc": None,
	"bcc": None,
	"provider_thread_id": None,
}


def field_of(call):
	with pytest.raises(InvalidParam) as info:
		call()
	return info.value.field, str(info.value)


def test_seed_payload_parses():
	draft = email_drafts.parse_draft(AGENT_DRAFT)
	assert draft.to == ["client@example.com"]
	assert draft.cc == [] and draft.bcc == []
	fields = draft.communication_fields()
	assert fields["delivery_status"] == "Draft"
	assert fields["communication_medium"] == "Email"
	assert fields["recipients"] == "client@example.com"
	assert fields["cc"] is None
	assert fields["content"] == "<p>Email content</p>"
	assert fields["provider"] is None


def test_with_provider_payload():
	draft = email_drafts.parse_draft(
		{
			**AGENT_DRAFT,
			"provider": "Gmail",
			"provider_message_id": "msg_123",
			"provider_thread_id": "thread_456",
		},
		with_provider=True,
	)
	assert (draft.provider, draft.provider_message_id, draft.provider_thread_id) == (
		"gmail",
		"msg_123",
		"thread_456",
	)


@pytest.mark.parametrize("missing", ["reference_doctype", "reference_name", "to", "subject"])
def test_each_required_field_is_named(missing):
	field, message = field_of(lambda: email_drafts.parse_draft({**AGENT_DRAFT, missing: None}))
	assert field == missing
	assert email_drafts.label(missing) in message and "required" in message


@pytest.mark.parametrize("missing", ["provider", "provider_message_id"])
def test_provider_fields_required_with_provider(missing):
	values = {**AGENT_DRAFT, "provider": "gmail", "provider_message_id": "m1", missing: ""}
	field, _ = field_of(lambda: email_drafts.parse_draft(values, with_provider=True))
	assert field == missing


def test_html_is_sanitized_on_parse():
	draft = email_drafts.parse_draft({**AGENT_DRAFT, "html": "<p>Hi</p><img src=x onerror=alert(1)>"})
	assert draft.html == '<p>Hi</p><img src="x">'


def test_subject_is_one_line():
	assert email_drafts.parse_draft({**AGENT_DRAFT, "subject": "Follow\r\nBcc: x@evil.example"}).subject == (
		"Follow Bcc: x@evil.example"
	)


@pytest.mark.parametrize(
	"value,expected",
	[
		("a@example.com", ["a@example.com"]),
		("a@example.com, b@example.org", ["a@example.com", "b@example.org"]),
		("a@example.com; b@example.org", ["a@example.com", "b@example.org"]),
		(["a@example.com", "b@example.org"], ["a@example.com", "b@example.org"]),
		("Fahad Ali <fahad@example.com>", ["Fahad Ali <fahad@example.com>"]),
		("a@example.com, A@example.com", ["a@example.com"]),
		("a@example.com,", ["a@example.com"]),
	],
)
def test_addresses(value, expected):
	assert email_drafts.parse_addresses(value, "to") == expected


@pytest.mark.parametrize(
	"value", ["not-an-email", "a@", "@example.com", "a@b", "a b@example.com", "a@exa mple.com"]
)
def test_bad_addresses_name_the_field(value):
	field, message = field_of(lambda: email_drafts.parse_addresses(value, "cc"))
	assert field == "cc"
	assert "invalid email" in message


def test_address_types_and_limits():
	assert field_of(lambda: email_drafts.parse_addresses({"a": 1}, "to"))[0] == "to"
	assert field_of(lambda: email_drafts.parse_addresses("", "to", required=True))[0] == "to"
	many = ",".join(f"u{i}@example.com" for i in range(email_drafts.MAX_RECIPIENTS + 1))
	assert field_of(lambda: email_drafts.parse_addresses(many, "to"))[0] == "to"


def test_provider_ids_rules():
	assert email_drafts.provider_ids({}, required=False) is None
	assert (
		field_of(lambda: email_drafts.provider_ids({"provider_message_id": "m"}, required=False))[0]
		== "provider"
	)
	assert (
		field_of(lambda: email_drafts.provider_ids({"provider": "gmail"}, required=False))[0]
		== "provider_message_id"
	)
	ids = email_drafts.provider_ids({"provider": "gmail", "provider_thread_id": "t"}, required=False)
	assert (ids.provider, ids.provider_message_id, ids.provider_thread_id) == ("gmail", None, "t")


def test_edit_only_touches_what_was_sent():
	assert email_drafts.parse_edit({"subject": "New"}) == {"subject": "New"}
	changes = email_drafts.parse_edit({"to": "a@example.com", "cc": "", "html": "<p onclick=x()>b</p>"})
	assert changes == {"recipients": "a@example.com", "cc": None, "content": "<p>b</p>"}
	assert field_of(lambda: email_drafts.parse_edit({"to": ""}))[0] == "to"
	assert email_drafts.parse_edit({"owner": "x", "name": "y", "delivery_status": "Sent"}) == {}


@pytest.mark.parametrize(
	"row,status",
	[
		({"delivery_status": "Draft", "sent_or_received": "Sent"}, "Draft"),
		({"delivery_status": "Sending", "sent_or_received": "Sent"}, "Queued"),
		({"delivery_status": "Sent", "sent_or_received": "Sent"}, "Sent"),
		({"delivery_status": "Error", "sent_or_received": "Sent"}, "Failed"),
		({"delivery_status": None, "sent_or_received": "Received"}, "Received"),
		({"delivery_status": "", "sent_or_received": "Sent"}, "Sent"),
	],
)
def test_status_of(row, status):
	assert email_drafts.status_of(row) == status
	assert email_drafts.is_draft(row) == (status == "Draft")


def test_status_filter():
	assert email_drafts.statuses_filter("draft,sent") == ["Draft", "Sent"]
	assert set(email_drafts.delivery_statuses(["Queued"])) == {"Scheduled", "Sending"}
	field, message = field_of(lambda: email_drafts.statuses_filter("Open"))
	assert field == "status" and "'Draft'" in message


def test_serialize_shape_and_sanitizing():
	row = {
		"name": "c1",
		"subject": "Hi",
		"recipients": "a@example.com, B <b@example.com>",
		"cc": None,
		"content": "<p>Hello</p><script>x()</script>",
		"delivery_status": "Draft",
		"sent_or_received": "Sent",
		"reference_doctype": "Contact",
		"reference_name": "Fahad",
		"provider": "",
	}
	answer = email_drafts.serialize(row)
	assert answer["html"] == "<p>Hello</p>"
	assert answer["to"] == ["a@example.com", "B <b@example.com>"]
	assert answer["cc"] == []
	assert answer["status"] == "Draft"
	assert answer["provider"] is None
	assert answer["preview"] == "Hello"
	assert "html" not in email_drafts.serialize(row, with_content=False)


def test_display_names_with_commas_survive_a_round_trip():
	parsed = email_drafts.parse_addresses('"Ali, Fahad" <f@example.com>, فهد <c@example.com>', "to")
	assert parsed == ['"Ali, Fahad" <f@example.com>', "فهد <c@example.com>"]
	stored = email_drafts.join_addresses(parsed)
	assert email_drafts.split_addresses(stored) == parsed
	assert email_drafts.parse_addresses(stored, "to") == parsed
