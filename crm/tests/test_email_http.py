"""Tier 2 over HTTP: the agent's real sequence, status codes, webhooks to a live receiver, the Human Inbox."""

import html
import json
import re
import socket

import frappe
import requests
from frappe.utils import add_to_date, now_datetime

from crm.core import webhooks
from crm.tests.utils import (
	PASSWORD,
	TITLE_MARK,
	IntegrationTestCase,
	Receiver,
	api_call,
	api_token,
	delete_email_test_data,
	delete_test_data,
	fresh_snapshot,
	http,
	make_contact,
	make_user,
	outgoing_email_account,
	restrict_to_contact,
	server_url,
)
from crm.webhooks import delivery as webhook_delivery

RUN = "/api/method/crm.api.agent.run"
EMAIL = "/api/method/crm.api.email."
XSS_BODY = '<p>Dear client</p><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def free_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


def body_of(response):
	return response.json().get("message")


# A lived-in site may hold more due deliveries than one scheduler batch: look at all of them.
ALL_DUE = 1_000_000


class TestEmailHTTP(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.agent = make_user("mail-http-agent", ("Sales User",))
		cls.alice = make_user("mail-http-alice", ("Sales User",))
		cls.restricted = make_user("mail-http-restricted", ("Sales User",))
		cls.contact = make_contact("Fahad HTTP", "fahad@example.com").name
		cls.other_contact = make_contact("Other HTTP").name
		restrict_to_contact(cls.restricted, cls.other_contact)
		outgoing_email_account()
		frappe.db.commit()
		cls.agent_token = api_token(cls.agent)
		cls.restricted_token = api_token(cls.restricted)

	@classmethod
	def tearDownClass(cls) -> None:
		delete_email_test_data()
		delete_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		fresh_snapshot()
		test_hooks = {"enabled": 1, "description": ("like", f"{TITLE_MARK}%")}
		for hook in frappe.get_all("CRM Webhook", filters=test_hooks, pluck="name"):
			frappe.db.set_value("CRM Webhook", hook, "enabled", 0)
		frappe.db.commit()

	def run_command(self, command, params, token=None):
		return http("POST", RUN, token=token or self.agent_token, json={"command": command, "params": params})

	def draft_params(self, **extra):
		return {
			"reference_doctype": "Contact",
			"reference_name": self.contact,
			"to": "client@example.com",
			"subject": "Follow up",
			"html": "<p>Email content</p>",
			"cc": None,
			"bcc": None,
		} | extra

	def webhook(self, url, **values):
		hook = frappe.get_doc(
			{
				"doctype": "CRM Webhook",
				"url": url,
				"secret": "hook-secret",
				"description": f"{TITLE_MARK} http",
				"retry_delay": 1,
				"max_attempts": 3,
			}
			| values
		).insert(ignore_permissions=True)
		frappe.db.commit()
		return hook

	def delivery_for(self, hook, communication):
		fresh_snapshot()
		return frappe.get_value(
			"CRM Webhook Delivery", {"webhook": hook.name, "reference_name": communication}, "name"
		)

	# The agent's sequence ------------------------------------------------------------------------

	def test_agent_drafts_with_provider_then_sends_over_http(self):
		drafted = self.run_command(
			"email.draft_with_provider",
			self.draft_params(
				provider="gmail", provider_message_id="http_msg_1", provider_thread_id="http_th_1"
			),
		)
		self.assertEqual(drafted.status_code, 200, drafted.text)
		name = body_of(drafted)["communication_name"]
		again = self.run_command(
			"email.draft_with_provider",
			self.draft_params(
				provider="gmail", provider_message_id="http_msg_1", provider_thread_id="http_th_1"
			),
		)
		self.assertEqual(body_of(again), {"communication_name": name})

		sent = self.run_command("email.send", {"communication_name": name})
		self.assertEqual((sent.status_code, body_of(sent)), (200, {"ok": True}))
		fresh_snapshot()
		queued = frappe.get_all(
			"Email Queue", filters={"communication": name}, fields=["status", "sender"], limit=5
		)
		self.assertEqual([q.status for q in queued], ["Not Sent"])
		recipients = frappe.get_all(
			"Email Queue Recipient",
			filters={"parent": ("in", frappe.get_all("Email Queue", {"communication": name}, pluck="name"))},
			pluck="recipient",
		)
		self.assertEqual(recipients, ["client@example.com"])
		self.assertEqual(frappe.db.get_value("Communication", name, "delivery_status"), "Sending")

		twice = self.run_command("email.send", {"communication_name": name})
		self.assertEqual(twice.status_code, 417)
		self.assertIn("ValidationError", twice.json()["exception"])
		self.assertEqual(frappe.db.count("Email Queue", {"communication": name}), 1)

	def test_status_codes(self):
		guest = http("POST", RUN, json={"command": "email.send", "params": {"communication_name": "x"}})
		self.assertEqual(guest.status_code, 401)
		bad_token = http("POST", RUN, token="token nope:nope", json={"command": "email.send", "params": {}})
		self.assertEqual(bad_token.status_code, 401)

		unknown = self.run_command("email.archive", {})
		self.assertEqual(unknown.status_code, 417)
		self.assertIn("email.draft_with_provider", unknown.json()["exception"])
		missing = self.run_command("email.send", {})
		self.assertEqual(missing.status_code, 417)
		self.assertIn("communication_name", missing.json()["exception"])
		as_string = self.run_command("email.send", json.dumps({"communication_name": "no-such-comm"}))
		self.assertEqual(as_string.status_code, 404)

		forbidden = self.run_command("email.draft", self.draft_params(), token=self.restricted_token)
		self.assertEqual(forbidden.status_code, 403)
		name = body_of(self.run_command("email.draft", self.draft_params()))
		for path, method, params in (
			("get_inbox", "GET", {"doctype": "Contact", "docname": self.contact}),
			("thread_context", "GET", {"communication": name}),
			("send", "POST", {"communication_name": name}),
			(
				"link_provider_ids",
				"POST",
				{"communication_name": name, "provider": "gmail", "provider_message_id": "z"},
			),
		):
			with self.subTest(endpoint=path):
				response = api_call(method, EMAIL + path, self.restricted_token, params)
				self.assertEqual(response.status_code, 403, response.text)
		listed = http("GET", EMAIL + "get_inbox", token=self.restricted_token, params={"limit": 200})
		self.assertNotIn(name, [row["name"] for row in body_of(listed)["data"]])

		first = body_of(self.run_command("email.draft", self.draft_params()))
		link = {"communication_name": first, "provider": "gmail", "provider_message_id": "dup_http"}
		self.assertEqual(self.run_command("email.link_provider_ids", link).status_code, 200)
		clash = self.run_command("email.link_provider_ids", link | {"communication_name": name})
		self.assertEqual(clash.status_code, 409)
		get_send = http("GET", EMAIL + "send", token=self.agent_token, params={"communication_name": name})
		self.assertEqual(get_send.status_code, 403)  # writes are POST only

	# Webhooks ----------------------------------------------------------------------------------

	def test_webhook_is_signed_and_delivered_after_commit(self):
		receiver = Receiver()
		self.addCleanup(receiver.stop)
		hook = self.webhook(receiver.url)
		name = body_of(self.run_command("email.draft", self.draft_params(subject="Webhook me")))
		delivery = self.delivery_for(hook, name)
		self.assertTrue(delivery)
		self.assertEqual(receiver.received, [])  # nothing is sent inside the request

		job = frappe.utils.background_jobs.get_job(webhook_delivery.job_id(delivery))
		self.assertIsNotNone(job, "the delivery job is queued once the request committed")
		self.assertEqual(job.kwargs["kwargs"], {"delivery": delivery})
		job.delete()  # run it here instead of in a worker
		self.assertEqual(webhook_delivery.deliver(delivery), "Delivered")

		self.assertEqual(len(receiver.received), 1)
		request = receiver.received[0]
		headers = {key.lower(): value for key, value in request["headers"].items()}
		self.assertTrue(
			webhooks.verify_signature(request["body"], "hook-secret", headers["x-crm-signature-256"])
		)
		self.assertEqual(headers["x-crm-event"], "crm_email_draft_created")
		self.assertEqual(headers["x-crm-delivery"], delivery)
		data = json.loads(request["body"])["data"]
		self.assertEqual((data["name"], data["subject"]), (name, "Webhook me"))
		self.assertEqual((data["reference_doctype"], data["reference_name"]), ("Contact", self.contact))
		log = frappe.get_doc("CRM Webhook Delivery", delivery)
		self.assertEqual((log.status, log.attempt_count), ("Delivered", 1))
		self.assertEqual(log.attempts[0].status_code, 200)
		self.assertGreaterEqual(log.attempts[0].duration_ms, 0)

	def test_webhook_outage_is_retried_until_the_receiver_is_back(self):
		port = free_port()
		hook = self.webhook(f"http://127.0.0.1:{port}/hook", retry_delay=60, max_attempts=5)
		name = body_of(self.run_command("email.draft", self.draft_params(subject="During outage")))
		delivery = self.delivery_for(hook, name)
		frappe.utils.background_jobs.get_job(webhook_delivery.job_id(delivery)).delete()

		self.assertEqual(webhook_delivery.deliver(delivery), "Retrying")
		log = frappe.get_doc("CRM Webhook Delivery", delivery)
		self.assertEqual(log.attempt_count, 1)
		self.assertFalse(log.attempts[0].status_code)
		self.assertTrue(log.attempts[0].error)
		self.assertGreater(log.next_attempt_at, now_datetime())
		self.assertNotIn(delivery, webhook_delivery.due_deliveries(limit=ALL_DUE))

		receiver = Receiver(port)
		self.addCleanup(receiver.stop)
		# Due now, and the oldest: the scheduler's batch takes the oldest first, and a lived-in site
		# may have a backlog of due deliveries from other runs.
		frappe.db.set_value(
			"CRM Webhook Delivery",
			delivery,
			{"next_attempt_at": add_to_date(now_datetime(), seconds=-1), "creation": "2000-01-01 00:00:00"},
		)
		frappe.db.commit()
		self.assertIn(delivery, webhook_delivery.due_deliveries(limit=ALL_DUE))
		webhook_delivery.retry_due()  # the scheduler's job: it queues what is due
		job = frappe.utils.background_jobs.get_job(webhook_delivery.job_id(delivery))
		self.assertIsNotNone(job)
		job.delete()
		self.assertEqual(webhook_delivery.deliver(delivery), "Delivered")
		self.assertEqual(len(receiver.received), 1)
		log = frappe.get_doc("CRM Webhook Delivery", delivery)
		self.assertEqual((log.status, log.attempt_count), ("Delivered", 2))
		self.assertEqual(json.loads(receiver.received[0]["body"])["data"]["name"], name)

	def test_webhook_gives_up_on_a_4xx(self):
		receiver = Receiver(status=410)
		self.addCleanup(receiver.stop)
		hook = self.webhook(receiver.url)
		name = body_of(self.run_command("email.draft", self.draft_params()))
		delivery = self.delivery_for(hook, name)
		frappe.utils.background_jobs.get_job(webhook_delivery.job_id(delivery)).delete()
		self.assertEqual(webhook_delivery.deliver(delivery), "Failed")
		self.assertEqual(len(receiver.received), 1)
		self.assertEqual(frappe.get_doc("CRM Webhook Delivery", delivery).attempts[0].status_code, 410)

	# Human Inbox -------------------------------------------------------------------------------

	def session(self, user):
		browser = requests.Session()
		browser.headers["X-Frappe-Site-Name"] = frappe.local.site
		login = browser.post(
			f"{server_url()}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=60
		)
		self.assertEqual(login.status_code, 200, login.text)
		return browser

	def test_human_inbox_sends_guests_to_login_and_back(self):
		response = requests.get(
			f"{server_url()}/human_inbox?only_drafts=1",
			headers={"X-Frappe-Site-Name": frappe.local.site},
			allow_redirects=False,
			timeout=60,
		)
		self.assertIn(response.status_code, (301, 302, 303, 307))
		self.assertEqual(response.headers["Location"].split("?")[0].rsplit("/", 1)[-1], "login")
		self.assertIn("redirect-to=%2Fhuman_inbox%3Fonly_drafts%3D1", response.headers["Location"])

	def test_human_inbox_lists_readable_drafts_safely_and_requires_csrf(self):
		name = body_of(self.run_command("email.draft", self.draft_params(subject="Inbox XSS", html=XSS_BODY)))
		self.run_command(
			"email.draft", self.draft_params(reference_name=self.other_contact, subject="Other one")
		)
		browser = self.session(self.alice)
		page = browser.get(f"{server_url()}/human_inbox", params={"only_drafts": 1, "limit": 200}, timeout=60)
		self.assertEqual(page.status_code, 200)
		self.assertIn(name, listed(page.text))
		self.assertIn("Dear client", page.text)
		self.assertNotIn("onerror", page.text)
		self.assertNotIn("window.__xss=2", page.text)
		token = re.search(r'data-csrf-token="([^"]+)"', page.text).group(1)

		edit = {"communication_name": name, "subject": "Edited in inbox"}
		no_token = browser.post(f"{server_url()}{EMAIL}update_draft", json=edit, timeout=60)
		self.assertEqual(no_token.status_code, 400)
		ok = browser.post(
			f"{server_url()}{EMAIL}update_draft",
			json=edit,
			headers={"X-Frappe-CSRF-Token": token},
			timeout=60,
		)
		self.assertEqual(ok.status_code, 200, ok.text)
		self.assertEqual(body_of(ok)["subject"], "Edited in inbox")

		hidden = self.session(self.restricted).get(f"{server_url()}/human_inbox", timeout=60)
		self.assertEqual(hidden.status_code, 200)
		self.assertNotIn(name, listed(hidden.text))
		self.assertIn("Other one", hidden.text)
		too_many = browser.get(f"{server_url()}/human_inbox", params={"limit": 500}, timeout=60)
		self.assertIn("Limit must be a whole number from 1 to 200, not 500", too_many.text)


def listed(page: str) -> list[str]:
	"""The names of the emails the Human Inbox page rendered (its data-boot JSON)."""
	boot = re.search(r'data-boot="([^"]*)"', page).group(1)
	return [email["name"] for email in json.loads(html.unescape(boot))["page"]["data"]]
