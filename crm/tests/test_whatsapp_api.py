"""crm.api.whatsapp.send_message and get_messages against a Graph API stand-in on loopback."""

import json

import frappe

from crm.api import whatsapp
from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	delete_email_test_data,
	delete_test_data,
	http,
	make_contact,
	make_user,
	restrict_to_contact,
)
from crm.tests.whatsapp_utils import (
	ACCESS_TOKEN,
	NUMBERS,
	PHONE_NUMBER_ID,
	GraphStandIn,
	configure,
	delete_whatsapp_test_data,
	unconfigure,
)

DOCTYPE = "CRM WhatsApp Message"
SEND = "/api/method/crm.api.whatsapp.send_message"
GET = "/api/method/crm.api.whatsapp.get_messages"


class TestWhatsAppAPI(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.graph = GraphStandIn()
		configure(cls.graph.url)
		cls.mine = make_contact("WA Mine", phone="050 123 4500")  # typed nationally: +966501234500
		cls.theirs = make_contact("WA Theirs", phone="+966 50 123 4501")
		cls.manager = make_user("wa-manager", ("Sales Manager",))
		cls.restricted = make_user("wa-restricted", ("Sales User",))
		restrict_to_contact(cls.restricted, cls.mine.name)
		cls.nobody = make_user("wa-nobody", ())
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.set_user("Administrator")
		cls.graph.stop()
		delete_whatsapp_test_data()
		unconfigure()
		delete_email_test_data()
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		self.graph.requests.clear()
		self.graph.script.clear()

	def tearDown(self) -> None:
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def stored(self, name: str) -> dict:
		return frappe.db.get_value(DOCTYPE, name, "*", as_dict=True)

	def test_send_stores_sent_with_the_provider_id_and_the_exact_request(self):
		frappe.set_user(self.manager)
		answer = whatsapp.send_message(to="0501234500", message="موعد المعاينة غدًا الساعة ١٠")
		self.assertEqual(answer["status"], "Sent")
		self.assertTrue(answer["provider_message_id"].startswith("wamid.crmtest."))
		self.assertEqual((answer["to"], answer["contact"]), ("+966501234500", self.mine.name))
		self.assertEqual(answer["direction"], "Outgoing")
		self.assertEqual(len(self.graph.requests), 1)
		request = self.graph.requests[0]
		self.assertEqual(request["path"], f"/v21.0/{PHONE_NUMBER_ID}/messages")
		self.assertEqual(request["headers"]["Authorization"], f"Bearer {ACCESS_TOKEN}")
		self.assertEqual(
			request["json"],
			{
				"messaging_product": "whatsapp",
				"recipient_type": "individual",
				"to": "966501234500",
				"type": "text",
				"text": {"preview_url": False, "body": "موعد المعاينة غدًا الساعة ١٠"},
			},
		)
		row = self.stored(answer["name"])
		self.assertEqual((row.status, row.provider_message_id), ("Sent", answer["provider_message_id"]))
		self.assertEqual(row.owner, self.manager)

	def test_template_message_with_reference(self):
		frappe.set_user(self.manager)
		answer = whatsapp.send_message(
			to="+966501234502",
			template="viewing_reminder",
			template_language="ar",
			template_params=json.dumps(["Ali"]),
			reference_doctype="Contact",
			reference_name=self.theirs.name,
		)
		self.assertEqual(
			(answer["status"], answer["template"], answer["message_type"]),
			("Sent", "viewing_reminder", "template"),
		)
		self.assertEqual((answer["reference_doctype"], answer["contact"]), ("Contact", self.theirs.name))
		self.assertEqual(self.graph.requests[0]["json"]["template"]["language"], {"code": "ar"})

	def test_invalid_number_is_417_before_anything_is_stored_or_sent(self):
		before = frappe.db.count(DOCTYPE)
		with self.assertRaises(frappe.ValidationError) as caught:
			whatsapp.send_message(to="05012", message="hi")
		self.assertIn("To is not a valid phone number", str(caught.exception))
		self.assertEqual((frappe.db.count(DOCTYPE), len(self.graph.requests)), (before, 0))

	def test_outside_window_is_417_and_the_failure_is_kept(self):
		self.graph.graph_error(131047, message="Re-engagement message")
		with self.assertRaises(frappe.ValidationError) as caught:
			whatsapp.send_message(to=NUMBERS[3], message="late reply")
		self.assertEqual(getattr(caught.exception, "http_status_code", 417), 417)
		self.assertIn("only a template message may be sent", str(caught.exception))
		frappe.db.rollback()  # what the request's error answer does: the Failed log must survive it
		row = frappe.get_all(DOCTYPE, filters={"to_number": NUMBERS[3]}, fields=["*"])[0]
		self.assertEqual((row.status, row.error_code), ("Failed", "131047"))
		self.assertIn("24 hours", row.failure_reason)
		self.assertIsNone(row.provider_message_id)

	def test_graph_errors_become_the_documented_status_codes(self):
		from crm.whatsapp.outbox import WhatsAppTimeoutError, WhatsAppUnavailableError

		cases = [
			(lambda: self.graph.graph_error(190, status=401), WhatsAppUnavailableError, 502, "190"),
			(lambda: self.graph.graph_error(130429), frappe.RateLimitExceededError, 429, "130429"),
			(lambda: self.graph.graph_error(131026), frappe.ValidationError, 417, "131026"),
			(lambda: self.graph.script.append((200, {}, 3)), WhatsAppTimeoutError, 504, "timeout"),
		]
		configure(self.graph.url, whatsapp_timeout=1)
		try:
			for index, (script, exception, status, code) in enumerate(cases, start=4):
				script()
				with self.subTest(code=code), self.assertRaises(exception) as caught:
					whatsapp.send_message(to=NUMBERS[index], message="hi")
				self.assertEqual(caught.exception.http_status_code, status)
				frappe.db.rollback()
				row = frappe.get_all(
					DOCTYPE,
					filters={"to_number": NUMBERS[index]},
					fields=["status", "error_code", "failure_reason"],
				)[0]
				self.assertEqual((row.status, row.error_code), ("Failed", code))
				self.assertTrue(row.failure_reason)
		finally:
			configure(self.graph.url)

	def test_disabled_or_unconfigured_is_417(self):
		configure(self.graph.url, whatsapp_enabled=0)
		try:
			with self.assertRaises(frappe.ValidationError) as caught:
				whatsapp.send_message(to=NUMBERS[9], message="hi")
			self.assertIn("not enabled", str(caught.exception))
			configure(self.graph.url, whatsapp_phone_number_id="")
			with self.assertRaises(frappe.ValidationError) as caught:
				whatsapp.send_message(to=NUMBERS[9], message="hi")
			self.assertIn("Phone Number ID", str(caught.exception))
		finally:
			configure(self.graph.url)
		self.assertEqual(len(self.graph.requests), 0)

	def test_a_user_without_permission_on_the_contact_cannot_read_or_send(self):
		frappe.set_user("Administrator")
		sent = whatsapp.send_message(to="+966501234501", message="for theirs only")  # linked to theirs
		self.assertEqual(sent["contact"], self.theirs.name)
		frappe.set_user(self.restricted)
		with self.assertRaises(frappe.PermissionError):
			whatsapp.get_messages(reference_doctype="Contact", reference_name=self.theirs.name)
		by_phone = whatsapp.get_messages(phone="+966501234501")
		self.assertNotIn(sent["name"], [m["name"] for m in by_phone["data"]])
		everything = whatsapp.get_messages(limit=100)
		self.assertNotIn(sent["name"], [m["name"] for m in everything["data"]])
		with self.assertRaises(frappe.PermissionError):
			whatsapp.send_message(to="+966501234501", message="sneaky")
		with self.assertRaises(frappe.PermissionError):
			whatsapp.send_message(
				to=NUMBERS[10], message="x", reference_doctype="Contact", reference_name=self.theirs.name
			)
		own = whatsapp.send_message(to="0501234500", message="hello mine")
		listed = whatsapp.get_messages(reference_doctype="Contact", reference_name=self.mine.name)
		self.assertIn(own["name"], [m["name"] for m in listed["data"]])
		frappe.set_user(self.manager)  # unrestricted: sees it
		listed = whatsapp.get_messages(reference_doctype="Contact", reference_name=self.theirs.name)
		self.assertIn(sent["name"], [m["name"] for m in listed["data"]])

	def test_lists_show_only_messages_whose_record_and_contact_are_readable(self):
		from crm.api import mobile_api
		from crm.api.activities import get_activities

		seller = make_user("wa-seller", ("Sales User",))
		frappe.set_user(seller)
		task = mobile_api.create_task(title=f"{TITLE_MARK} wa task", task_type="Call")
		about = whatsapp.send_message(
			to=NUMBERS[15],
			message="about my task",
			reference_doctype="CRM Task",
			reference_name=str(task["name"]),
		)
		self.assertIn(about["name"], [m["name"] for m in whatsapp.get_messages(limit=100)["data"]])
		frappe.set_user("Administrator")
		to_theirs = whatsapp.send_message(  # on the seller's task, to a Contact they may not read
			to="+966501234501",
			message="theirs",
			reference_doctype="CRM Task",
			reference_name=str(task["name"]),
		)
		frappe.set_user(self.restricted)  # another Sales User: not the task's owner
		names = [m["name"] for m in whatsapp.get_messages(limit=100)["data"]]
		names += [m["name"] for m in whatsapp.get_messages(phone=NUMBERS[15], limit=100)["data"]]
		self.assertNotIn(about["name"], names)
		self.assertNotIn(about["name"], frappe.get_list(DOCTYPE, pluck="name", limit_page_length=0))
		restrict_to_contact(seller, self.mine.name)
		frappe.set_user(seller)
		timeline = get_activities(reference_doctype="CRM Task", reference_name=str(task["name"]), limit=50)
		shown = {item["name"] for item in timeline["data"] if item["type"] == "whatsapp"}
		self.assertEqual(shown, {about["name"]})  # the Contact the seller may not read stays hidden
		self.assertNotIn(to_theirs["name"], [m["name"] for m in whatsapp.get_messages(limit=100)["data"]])

	def test_no_crm_role_is_403(self):
		frappe.set_user(self.nobody)
		with self.assertRaises(frappe.PermissionError):
			whatsapp.get_messages()
		with self.assertRaises(frappe.PermissionError):
			whatsapp.send_message(to=NUMBERS[11], message="x")

	def test_get_messages_shape_paging_and_errors(self):
		for index in range(3):
			whatsapp.send_message(to=NUMBERS[12], message=f"page {index}")
		page = whatsapp.get_messages(phone="0501234512", limit=2, page=1)
		self.assertEqual((page["total"], page["page"], page["page_size"], page["has_next"]), (3, 1, 2, True))
		self.assertEqual([m["body"] for m in page["data"]], ["page 2", "page 1"])
		self.assertEqual(
			whatsapp.get_messages(phone="0501234512", limit=2, page=2)["data"][0]["body"], "page 0"
		)
		for key in (
			"name",
			"direction",
			"status",
			"from",
			"to",
			"body",
			"provider_message_id",
			"message_time",
			"contact",
		):
			self.assertIn(key, page["data"][0])
		with self.assertRaises(frappe.DoesNotExistError):
			whatsapp.get_messages(reference_doctype="Contact", reference_name="no such contact")
		with self.assertRaises(frappe.ValidationError):
			whatsapp.get_messages(reference_doctype="Contact")
		with self.assertRaises(frappe.ValidationError):
			whatsapp.get_messages(phone="12")

	def test_timeline_shows_the_contacts_messages(self):
		from crm.api.activities import get_activities

		sent = whatsapp.send_message(to="0501234500", message="on the timeline")
		items = get_activities(reference_doctype="Contact", reference_name=self.mine.name, limit=50)["data"]
		mine = [item for item in items if item["type"] == "whatsapp" and item["name"] == sent["name"]]
		self.assertEqual(mine[0]["title"], "on the timeline")

	def test_over_http_with_status_codes(self):
		token = api_token(self.manager)
		ok = http("POST", SEND, token=token, json={"to": NUMBERS[13], "message": "over http"})
		self.assertEqual(ok.status_code, 200, ok.text)
		self.assertEqual(ok.json()["message"]["status"], "Sent")
		self.assertEqual(http("POST", SEND, json={"to": NUMBERS[13], "message": "x"}).status_code, 401)
		bad = http("POST", SEND, token=token, json={"to": "abc", "message": "x"})
		self.assertEqual(bad.status_code, 417)
		self.assertIn("To", bad.json()["exception"])
		self.graph.graph_error(131026)
		failed = http("POST", SEND, token=token, json={"to": NUMBERS[14], "message": "x"})
		self.assertEqual(failed.status_code, 417)
		self.assertIn("not on WhatsApp", failed.json()["exception"])
		self.graph.graph_error(130429)
		limited = http("POST", SEND, token=token, json={"to": NUMBERS[14], "message": "x"})
		self.assertEqual((limited.status_code, limited.headers.get("Retry-After")), (429, "60"))
		self.assertEqual(
			http("GET", SEND, token=token, params={"to": NUMBERS[13], "message": "x"}).status_code, 403
		)
		listed = http("GET", GET, token=token, params={"phone": NUMBERS[13]})
		self.assertEqual((listed.status_code, listed.json()["message"]["total"]), (200, 1))
		self.assertEqual(http("GET", GET, token=api_token(self.nobody)).status_code, 403)
		self.assertEqual(
			http(
				"GET", GET, token=token, params={"reference_doctype": "Contact", "reference_name": "nope"}
			).status_code,
			404,
		)
