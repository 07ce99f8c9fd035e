"""Real answers of every crm.api endpoint, checked against the shipped OpenAPI description.

Each endpoint is called over HTTP with valid input (and once with bad input), and the body is
validated with jsonschema against the schema the description gives for that status code. The test
fails when an endpoint is missing from the calls below, so the description cannot drift.
"""

import json

import frappe
import jsonschema
from frappe.utils import add_days, now_datetime

from crm.commands.email_seeding import fail_send
from crm.core.openapi import SPEC_FILE
from crm.tests.utils import (
	TEST_DOMAIN,
	TITLE_MARK,
	IntegrationTestCase,
	SMTPStandIn,
	api_call,
	api_token,
	delete_email_test_data,
	delete_test_data,
	http,
	make_contact,
	make_task,
	make_user,
	outgoing_email_account,
)
from crm.tests.whatsapp_utils import (
	NUMBERS,
	VERIFY_TOKEN,
	GraphStandIn,
	configure,
	delete_whatsapp_test_data,
	inbound_text,
	signed_post,
	unconfigure,
)

SPEC = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
PREFIX = "/api/method/crm.api."


def schema_for(path: str, method: str, status: int, media: str = "application/json") -> dict:
	responses = SPEC["paths"][path][method.lower()]["responses"]
	response = responses[str(status)]
	if "$ref" in response:
		response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
	return {**response["content"][media]["schema"], "components": SPEC["components"]}


class TestOpenAPIResponses(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.graph, cls.smtp = GraphStandIn(), SMTPStandIn()
		configure(cls.graph.url)
		outgoing_email_account()
		cls.user = make_user("oas-admin", ("System Manager", "Sales Manager"))
		cls.token = api_token(cls.user)
		cls.contact = make_contact("OAS Contact", "oas-client@example.com").name
		cls.spare = make_contact("OAS Spare").name
		cls.tasks = [make_task(title=f"{TITLE_MARK} oas {i}").name for i in range(2)]
		frappe.db.commit()
		cls.checked: set[str] = set()

	@classmethod
	def tearDownClass(cls) -> None:
		cls.graph.stop()
		cls.smtp.stop()
		delete_whatsapp_test_data()
		unconfigure()
		delete_email_test_data()  # with delete_test_data: activities, organizations, email accounts
		delete_test_data()
		super().tearDownClass()

	def call(
		self, method: str, endpoint: str, expect: int | tuple = 200, token: str | None = "mine", **payload
	):
		path = PREFIX + endpoint
		token = self.token if token == "mine" else token
		answer = api_call(method, path, token, payload)
		self.assertIn(
			answer.status_code,
			expect if isinstance(expect, tuple) else (expect,),
			f"{endpoint}: {answer.text[:300]}",
		)
		media = answer.headers.get("Content-Type", "").split(";")[0]
		body = answer.text if media == "text/plain" else answer.json()
		jsonschema.validate(body, schema_for(path, method, answer.status_code, media))
		self.checked.add(path)
		return body.get("message", body) if isinstance(body, dict) else body

	def test_every_endpoint_answers_as_described(self):
		for area in (
			self._call_mobile_tasks,
			self._call_email_and_agent,
			self._call_auth_and_session,
			self._call_contacts,
			self._call_activities_and_collaboration,
			self._call_settings,
			self._call_whatsapp,
			self._call_the_description,
		):
			area()
		self.assertEqual(self.checked, set(SPEC["paths"]), "endpoints not checked against the description")

	def _call_mobile_tasks(self) -> None:
		"""Mobile Task API."""
		task_a, task_b = self.tasks
		self.call(
			"GET", "mobile_api.get_oauth_config", expect=(200, 417), token=None
		)  # as the site is set up
		self.call("GET", "mobile_api.get_task_options")
		self.call("GET", "mobile_api.home_tasks", limit=3)
		self.call("GET", "mobile_api.filter_tasks", status="Todo", limit=5)
		self.call("GET", "mobile_api.filter_tasks", expect=417, order_by="title; drop table")
		self.call("GET", "mobile_api.main_page_buckets")
		self.call("GET", "mobile_api.sync_tasks", since=str(add_days(now_datetime(), -1)), limit=5)
		created = self.call("POST", "mobile_api.create_task", title=f"{TITLE_MARK} oas new", task_type="Call")
		self.call("POST", "mobile_api.edit_task", task_id=created["name"], priority="High")
		self.call("POST", "mobile_api.update_status", task_id=task_a, status="Done")
		self.call("POST", "mobile_api.delete_task", task_id=task_b)
		self.call("POST", "mobile_api.delete_task", expect=404, task_id=999_999_999)

	def _call_email_and_agent(self) -> None:
		"""Email and the agent."""
		c = self.contact
		draft = self.call(
			"POST", "email.save_draft", reference_doctype="Contact", reference_name=c,
			to="oas-client@example.com", subject="Viewing", html="<p>Tomorrow</p>",
		)  # fmt: skip
		self.call("GET", "email.get_inbox", doctype="Contact", docname=c)
		self.call("GET", "email.thread_context", communication=draft)
		self.call("POST", "email.update_draft", communication_name=draft, subject="Viewing at 10")
		self.call(
			"POST",
			"email.link_provider_ids",
			communication_name=draft,
			provider="gmail",
			provider_message_id="oas-1",
		)
		self.call("POST", "email.send", communication_name=draft)
		self.call("POST", "email.send", expect=417, communication_name=draft)
		self.call("GET", "email.get_inbox_facets", doctype="Contact", docname=c)
		self.call("GET", "email.get_inbox", expect=417, from_date="yesterday")
		fail_send(draft)  # as Frappe's queue does when the mail server refuses (committed)
		self.call("GET", "email.get_email", communication_name=draft)
		self.call("POST", "email.retry_send", communication_name=draft)
		self.call("POST", "email.retry_send", expect=417, communication_name=draft)
		self.call("GET", "email.get_email", expect=404, communication_name="no-such-email")
		second = self.call(
			"POST", "email.save_draft_with_provider", reference_doctype="Contact", reference_name=c,
			to="oas-client@example.com", subject="Offer", html="<p>Offer</p>", provider="gmail", provider_message_id="oas-2",
		)["communication_name"]  # fmt: skip
		self.call("POST", "email.discard_draft", communication_name=second)
		self.call("POST", "agent.run", command="email.draft", params={
			"reference_doctype": "Contact", "reference_name": c, "to": "oas-client@example.com", "subject": "A", "html": "b",
		})  # fmt: skip
		self.call("POST", "agent.run", expect=417, command="email.unknown", params={})

	def _call_auth_and_session(self) -> None:
		"""Auth and session."""
		self.call("GET", "auth.get_user_info")
		self.call("GET", "auth.get_user_info", expect=401, token=None)
		self.call("GET", "session.get_session_info")
		self.call("POST", "session.refresh_session")
		self.call("POST", "auth.login", expect=401, token=None, usr=self.user, pwd="wrong")
		self.call("POST", "auth.logout")

	def _call_contacts(self) -> None:
		"""Contacts and organizations."""
		self.call("GET", "contact.get_contacts", search="OAS")
		new = self.call(
			"POST", "contact.create_contact", first_name=f"{TITLE_MARK} OAS New", email="oas-new@example.com"
		)
		self.call("POST", "contact.create_contact", expect=409, first_name="x", email="oas-new@example.com")
		self.call("POST", "contact.update_contact", name=new["name"], last_name="Updated")
		self.call("POST", "contact.delete_contact", name=self.spare)
		org = self.call("POST", "contact.create_organization", organization_name=f"{TITLE_MARK} OAS Org")
		self.call("POST", "contact.update_organization", name=org["name"], industry="Real Estate")
		self.call("GET", "contact.get_organizations", search="OAS")

	def _call_activities_and_collaboration(self) -> None:
		"""Activities, to-dos, comments, notifications."""
		c = self.contact
		activity = self.call(
			"POST", "activities.create_activity", reference_doctype="Contact", reference_name=c,
			activity_type="Call", subject=f"{TITLE_MARK} oas call",
		)  # fmt: skip
		self.call("POST", "activities.update_activity", name=activity["name"], outcome="Positive")
		self.call("GET", "activities.get_activities", reference_doctype="Contact", reference_name=c)
		self.call(
			"GET", "activities.get_activities", expect=404, reference_doctype="Contact", reference_name="nope"
		)
		self.call(
			"POST",
			"todo.create_todo",
			description="oas follow up",
			reference_type="Contact",
			reference_name=c,
		)
		self.call("GET", "todo.get_todos")
		self.call(
			"POST", "comment.add_comment", reference_doctype="Contact", reference_name=c, content="<b>ok</b>"
		)
		self.call("GET", "comment.get_comments", reference_doctype="Contact", reference_name=c)
		self.call("GET", "notifications.get_notifications")
		self.call("POST", "notifications.mark_read", all=1)

	def _call_settings(self) -> None:
		"""Settings."""
		self.call("GET", "settings.get_settings")
		self.call("POST", "settings.update_settings", settings={"default_page_size": 20})
		self.call("POST", "settings.update_settings", expect=417, settings={"no_such_setting": 1})
		self.call(
			"POST", "settings.create_email_account", email_id=f"oas-account@{TEST_DOMAIN}",
			smtp_server="127.0.0.1", smtp_port=self.smtp.port, use_tls=0, enable_outgoing=1,
		)  # fmt: skip

	def _call_whatsapp(self) -> None:
		"""WhatsApp."""
		self.call("POST", "whatsapp.send_message", to=NUMBERS[0], message="oas")
		self.call("POST", "whatsapp.send_message", expect=417, to="12", message="oas")
		self.call("GET", "whatsapp.get_messages", phone=NUMBERS[0])
		query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "77"}
		self.assertEqual(self.call("GET", "whatsapp.webhook", token=None, **query), "77")
		body, headers = signed_post(inbound_text("wamid.crmtest.oas", NUMBERS[1], "hi"))
		answer = http("POST", PREFIX + "whatsapp.webhook", data=body, headers=headers)
		jsonschema.validate(answer.json(), schema_for(PREFIX + "whatsapp.webhook", "POST", 200))

	def _call_the_description(self) -> None:
		"""The description itself."""
		served = self.call("GET", "docs.openapi")
		self.assertEqual(served, SPEC)

	def test_a_malformed_json_body_is_417_not_500(self):
		for path in (PREFIX + "mobile_api.create_task", PREFIX + "mobile_api.get_oauth_config"):
			answer = http(
				"POST",
				path,
				token=self.token,
				data=b'{"title": ',
				headers={"Content-Type": "application/json"},
			)
			self.assertEqual(answer.status_code, 417, answer.text)
			self.assertIn("not valid JSON", answer.json()["exception"])
			jsonschema.validate(answer.json(), schema_for(PREFIX + "mobile_api.create_task", "POST", 417))
