"""Meta's webhook: signatures, the subscription challenge, parsing, and status moves."""

import json
from datetime import datetime

import pytest

from crm.core import webhooks
from crm.core import whatsapp_inbound as inbound

SECRET = "app-secret-1234"
PHONE_ID = "109876543210"


def envelope(value, phone_number_id=PHONE_ID):
	value = {
		"messaging_product": "whatsapp",
		"metadata": {"display_phone_number": "966112345678", "phone_number_id": phone_number_id},
		**value,
	}
	return {
		"object": "whatsapp_business_account",
		"entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
	}


TEXT = envelope(
	{
		"contacts": [{"profile": {"name": "علي"}, "wa_id": "966501234567"}],
		"messages": [
			{
				"from": "966501234567",
				"id": "wamid.IN1",
				"timestamp": "1763892000",
				"type": "text",
				"text": {"body": "هل الفيلا متاحة؟"},
				"context": {"from": "966112345678", "id": "wamid.OUT1"},
			}
		],
	}
)


def signed(payload, secret=SECRET):
	body = json.dumps(payload, ensure_ascii=False).encode()
	return body, webhooks.sign(body, secret)


def test_a_correctly_signed_body_is_accepted():
	body, signature = signed(TEXT)
	assert signature.startswith("sha256=")
	assert webhooks.verify_signature(body, SECRET, signature)


@pytest.mark.parametrize(
	"tamper",
	[
		lambda body, sig: (body.replace("متاحة".encode(), "مباعة".encode()), sig),  # body changed
		lambda body, sig: (body + b" ", sig),  # one byte more
		lambda body, sig: (body, webhooks.sign(body, "another-secret")),  # wrong secret
		lambda body, sig: (body, sig.removeprefix("sha256=")),  # no scheme prefix
		lambda body, sig: (body, sig[:-1] + ("0" if sig[-1] != "0" else "1")),  # one hex digit off
		lambda body, sig: (body, ""),
		lambda body, sig: (body, None),
	],
)
def test_a_tampered_body_or_signature_is_rejected(tamper):
	body, signature = tamper(*signed(TEXT))
	assert not webhooks.verify_signature(body, SECRET, signature)


def test_no_secret_verifies_nothing():
	body, signature = signed(TEXT, "")
	assert not webhooks.verify_signature(body, "", signature)


def test_subscription_challenge_needs_the_exact_token():
	query = {"hub.mode": "subscribe", "hub.verify_token": "v-token", "hub.challenge": "1158201444"}
	assert inbound.verify_challenge(query, "v-token") == "1158201444"
	assert inbound.verify_challenge(query, "other") is None
	assert inbound.verify_challenge(query, None) is None
	assert inbound.verify_challenge(query | {"hub.mode": "unsubscribe"}, "v-token") is None
	assert inbound.verify_challenge(query | {"hub.challenge": ""}, "v-token") is None


def test_text_message_is_parsed_with_sender_profile_and_reply():
	batch = inbound.parse(TEXT, PHONE_ID)
	assert batch.statuses == [] and batch.skipped == 0
	assert batch.messages == [
		inbound.Incoming(
			message_id="wamid.IN1",
			from_number="+966501234567",
			to_number="+966112345678",
			message_type="text",
			body="هل الفيلا متاحة؟",
			timestamp=1763892000,
			profile_name="علي",
			reply_to="wamid.OUT1",
		)
	]


@pytest.mark.parametrize(
	("message", "body", "media"),
	[
		(
			{"type": "image", "image": {"id": "m1", "mime_type": "image/jpeg", "caption": "المدخل"}},
			"المدخل",
			"m1",
		),
		({"type": "document", "document": {"id": "m2", "filename": "contract.pdf"}}, "contract.pdf", "m2"),
		({"type": "audio", "audio": {"id": "m3", "mime_type": "audio/ogg"}}, "", "m3"),
		(
			{"type": "location", "location": {"latitude": 24.7, "longitude": 46.6, "name": "Site"}},
			"24.7,46.6 Site",
			None,
		),
		({"type": "button", "button": {"text": "Yes, book it"}}, "Yes, book it", None),
		(
			{
				"type": "interactive",
				"interactive": {"type": "list_reply", "list_reply": {"title": "Tuesday"}},
			},
			"Tuesday",
			None,
		),
		({"type": "reaction", "reaction": {"emoji": "👍", "message_id": "x"}}, "👍", None),
		(
			{"type": "contacts", "contacts": [{"name": {"formatted_name": "Sara"}}]},
			"Sara",
			None,
		),
		(
			{"type": "unsupported", "errors": [{"code": 131051, "title": "Message type unknown"}]},
			"Message type unknown",
			None,
		),
	],
)
def test_every_message_type_has_a_readable_body(message, body, media):
	payload = envelope({"messages": [{"from": "966501234567", "id": "wamid.X", "timestamp": "1", **message}]})
	parsed = inbound.parse(payload, PHONE_ID).messages[0]
	assert (parsed.body, parsed.media_id, parsed.message_type) == (body, media, message["type"])


def test_statuses_are_parsed_with_failure_reasons():
	payload = envelope(
		{
			"statuses": [
				{
					"id": "wamid.OUT1",
					"status": "delivered",
					"timestamp": "1763892100",
					"recipient_id": "966501234567",
				},
				{
					"id": "wamid.OUT2",
					"status": "failed",
					"timestamp": "1763892200",
					"recipient_id": "966501234567",
					"errors": [
						{
							"code": 131047,
							"title": "Re-engagement message",
							"error_data": {
								"details": "Message failed to send because more than 24 hours have passed"
							},
						}
					],
				},
				{"id": "wamid.OUT3", "status": "deleted"},  # not a status the app tracks
			]
		}
	)
	batch = inbound.parse(payload, PHONE_ID)
	assert [(s.message_id, s.status) for s in batch.statuses] == [
		("wamid.OUT1", "Delivered"),
		("wamid.OUT2", "Failed"),
	]
	failed = batch.statuses[1]
	assert failed.error_code == "131047"
	assert failed.reason.startswith("Re-engagement message Message failed to send")
	assert failed.recipient == "+966501234567"
	assert batch.skipped == 1


def test_events_of_another_phone_number_are_skipped():
	batch = inbound.parse(TEXT, "another-number-id")
	assert batch.messages == [] and batch.skipped == 1
	assert inbound.parse(TEXT, None).messages  # no configured id: all are taken


@pytest.mark.parametrize(
	"payload",
	[
		{},
		{"entry": "x"},
		{"entry": [{"changes": [{"value": None}]}]},
		envelope({"messages": [{"id": "no-sender"}]}),
	],
)
def test_malformed_bodies_store_nothing_and_do_not_raise(payload):
	batch = inbound.parse(payload, None)
	assert batch.messages == [] and batch.statuses == []


@pytest.mark.parametrize(
	("current", "incoming", "expected"),
	[
		("Queued", "Sent", "Sent"),
		("Sent", "Delivered", "Delivered"),
		("Delivered", "Read", "Read"),
		("Sent", "Read", "Read"),  # delivered came late or never
		("Read", "Delivered", None),  # late delivery never moves it back
		("Delivered", "Sent", None),
		("Delivered", "Delivered", None),  # a replay changes nothing twice
		("Read", "Read", None),
		("Sent", "Failed", "Failed"),
		("Queued", "Failed", "Failed"),
		("Delivered", "Failed", None),
		("Failed", "Failed", None),
		("Failed", "Delivered", None),
		("Received", "Read", None),  # an incoming message has no delivery status
	],
)
def test_status_moves_only_forward(current, incoming, expected):
	assert inbound.next_status(current, incoming) == expected


def test_timestamps_become_site_local_time():
	assert inbound.local_time(1763892000, "Asia/Riyadh") == datetime(2025, 11, 23, 13, 0)
	assert inbound.local_time(1763892000, "UTC") == datetime(2025, 11, 23, 10, 0)
	assert inbound.local_time(None, "UTC") is None
