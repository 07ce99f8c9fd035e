"""crm.api.whatsapp.webhook over HTTP: Meta's challenge, signed events, statuses, replays."""

import json

import frappe

from crm.api import whatsapp
from crm.core import webhooks
from crm.tests.utils import IntegrationTestCase, delete_email_test_data, fresh_snapshot, http, make_contact
from crm.tests.whatsapp_utils import (
	NUMBERS,
	VERIFY_TOKEN,
	GraphStandIn,
	configure,
	delete_whatsapp_test_data,
	inbound_text,
	signed_post,
	status_event,
	unconfigure,
)
from crm.whatsapp import inbound

DOCTYPE = "CRM WhatsApp Message"
HOOK = "/api/method/crm.api.whatsapp.webhook"


class TestWhatsAppWebhook(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.graph = GraphStandIn()
		configure(cls.graph.url)
		cls.contact = make_contact("WA Inbound", phone="٠٥٠ ١٢٣ ٤٥١٥")  # Arabic-Indic digits: +966501234515
		frappe.db.commit()  # the webhook's requests read it from their own connections

	@classmethod
	def tearDownClass(cls) -> None:
		cls.graph.stop()
		delete_whatsapp_test_data()
		unconfigure()
		delete_email_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		frappe.db.rollback()

	def post(self, payload: dict, signature: str | None = "sign"):
		body, headers = signed_post(payload)
		if signature != "sign":
			headers.pop("X-Hub-Signature-256")
			if signature is not None:
				headers["X-Hub-Signature-256"] = signature
		return http("POST", HOOK, data=body, headers=headers)

	def messages(self, **filters) -> list:
		fresh_snapshot()
		return frappe.get_all(DOCTYPE, filters=filters, fields=["*"], order_by="creation asc")

	def test_verification_challenge_only_with_the_verify_token(self):
		query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
		ok = http("GET", HOOK, params=query)
		self.assertEqual((ok.status_code, ok.text), (200, "1158201444"))
		self.assertTrue(ok.headers["Content-Type"].startswith("text/plain"))
		wrong = http("GET", HOOK, params=query | {"hub.verify_token": "guess"})
		self.assertEqual(wrong.status_code, 403)
		self.assertNotIn("1158201444", wrong.text)
		self.assertEqual(http("GET", HOOK).status_code, 403)

	def test_signed_message_is_stored_linked_to_its_contact_once(self):
		payload = inbound_text("wamid.crmtest.in-1", "+966501234515", "هل الشقة متاحة؟")
		first = self.post(payload)
		self.assertEqual(first.status_code, 200, first.text)
		self.assertEqual(first.json()["message"], {"ok": True, "messages": 1, "statuses": 0, "ignored": 0})
		rows = self.messages(provider_message_id="wamid.crmtest.in-1")
		self.assertEqual(len(rows), 1)
		row = rows[0]
		self.assertEqual(
			(row.direction, row.status, row.contact), ("Incoming", "Received", self.contact.name)
		)
		self.assertEqual(
			(row.from_number, row.to_number, row.body), ("+966501234515", "+966112345678", "هل الشقة متاحة؟")
		)
		self.assertEqual(row.profile_name, "Test Customer")
		replay = self.post(payload)
		self.assertEqual(replay.json()["message"]["messages"], 0)
		self.assertEqual(len(self.messages(provider_message_id="wamid.crmtest.in-1")), 1)

	def test_bad_or_missing_signature_stores_nothing(self):
		payload = inbound_text("wamid.crmtest.in-forged", NUMBERS[16], "forged")
		body, _headers = signed_post(payload)
		forged = self.post(payload, signature=webhooks.sign(body, "not-the-app-secret"))
		self.assertEqual(forged.status_code, 403)
		missing = self.post(payload, signature=None)
		self.assertEqual(missing.status_code, 401)
		tampered_body = body.replace(b"forged", b"FORGED")
		tampered = http(
			"POST",
			HOOK,
			data=tampered_body,
			headers={
				"Content-Type": "application/json",
				"X-Hub-Signature-256": webhooks.sign(body, "crm-test-app-secret"),
			},
		)
		self.assertEqual(tampered.status_code, 403)
		self.assertEqual(self.messages(provider_message_id="wamid.crmtest.in-forged"), [])

	def test_delivery_and_read_statuses_apply_forward_only(self):
		sent = whatsapp.send_message(to=NUMBERS[17], message="status please")
		frappe.db.commit()
		wamid = sent["provider_message_id"]
		self.assertEqual(
			self.post(status_event(wamid, "delivered", 1763892100, NUMBERS[17])).json()["message"][
				"statuses"
			],
			1,
		)
		self.assertEqual(self.messages(name=sent["name"])[0].status, "Delivered")
		self.assertEqual(
			self.post(status_event(wamid, "read", 1763892200, NUMBERS[17])).json()["message"]["statuses"], 1
		)
		late = self.post(status_event(wamid, "delivered", 1763892100, NUMBERS[17]))  # replayed, late
		self.assertEqual(late.json()["message"]["statuses"], 0)
		row = self.messages(name=sent["name"])[0]
		self.assertEqual(row.status, "Read")
		self.assertTrue(row.delivered_at and row.read_at)
		self.assertLess(row.delivered_at, row.read_at)
		modified = row.modified
		self.post(status_event(wamid, "read", 1763892200, NUMBERS[17]))  # replay changes nothing
		self.assertEqual(self.messages(name=sent["name"])[0].modified, modified)

	def test_failed_status_records_the_reason(self):
		sent = whatsapp.send_message(to=NUMBERS[18], message="will fail")
		frappe.db.commit()
		errors = [
			{
				"code": 131026,
				"title": "Message undeliverable",
				"error_data": {"details": "Receiver is incapable"},
			}
		]
		self.post(status_event(sent["provider_message_id"], "failed", 1763892300, NUMBERS[18], errors))
		row = self.messages(name=sent["name"])[0]
		self.assertEqual((row.status, row.error_code), ("Failed", "131026"))
		self.assertEqual(row.failure_reason, "Message undeliverable Receiver is incapable")

	def test_status_before_the_id_is_stored_is_applied_when_it_is(self):
		early = status_event("wamid.crmtest.early", "delivered", 1763892400, NUMBERS[19])
		self.assertEqual(self.post(early).json()["message"]["statuses"], 0)
		doc = frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"direction": "Outgoing",
				"status": "Sent",
				"to_number": NUMBERS[19],
				"provider_message_id": "wamid.crmtest.early",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		inbound.apply_pending("wamid.crmtest.early")
		self.assertEqual(self.messages(name=doc.name)[0].status, "Delivered")

	def test_reply_inherits_the_conversation_record(self):
		sent = whatsapp.send_message(
			to="+966501234515",
			message="about the villa",
			reference_doctype="Contact",
			reference_name=self.contact.name,
		)
		frappe.db.commit()
		reply = inbound_text("wamid.crmtest.in-reply", "+966501234515", "yes")
		reply["entry"][0]["changes"][0]["value"]["messages"][0]["context"] = {
			"id": sent["provider_message_id"]
		}
		self.post(reply)
		row = self.messages(provider_message_id="wamid.crmtest.in-reply")[0]
		self.assertEqual(
			(row.reference_doctype, row.reference_name, row.reply_to),
			("Contact", self.contact.name, sent["provider_message_id"]),
		)

	def test_not_json_and_disabled(self):
		body = b"not json"
		from crm.tests.whatsapp_utils import APP_SECRET

		bad = http(
			"POST",
			HOOK,
			data=body,
			headers={"Content-Type": "text/plain", "X-Hub-Signature-256": webhooks.sign(body, APP_SECRET)},
		)
		self.assertEqual(bad.status_code, 417)
		configure(self.graph.url, whatsapp_enabled=0)
		try:
			payload = inbound_text("wamid.crmtest.in-disabled", NUMBERS[16], "x")
			self.assertEqual(self.post(payload).status_code, 403)
			self.assertEqual(self.messages(provider_message_id="wamid.crmtest.in-disabled"), [])
		finally:
			configure(self.graph.url)
		self.assertEqual(
			json.loads(http("GET", HOOK, params={"hub.mode": "subscribe"}).text).get("exc_type"),
			"PermissionError",
		)
