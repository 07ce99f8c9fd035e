"""Tier 2: the email API and the agent router in process, as each kind of user."""

import json

import frappe

from crm.api import agent
from crm.api import email as api
from crm.core import email_drafts
from crm.email import events
from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	delete_email_test_data,
	delete_test_data,
	make_contact,
	make_user,
	outgoing_email_account,
	restrict_to_contact,
)

XSS = '<p>Hello</p><img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>'


class EmailTestCase(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("mail-alice", ("Sales User",))
		cls.manager = make_user("mail-manager", ("Sales Manager",))
		cls.restricted = make_user("mail-restricted", ("Sales User",))
		cls.outsider = make_user("mail-outsider", ())
		cls.contact = make_contact("Fahad", "fahad@example.com").name
		cls.other_contact = make_contact("Other", "other@example.com").name
		# `restricted` may read only other_contact: Frappe's User Permission hides Fahad from them.
		restrict_to_contact(cls.restricted, cls.other_contact)
		outgoing_email_account()
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		delete_email_test_data()
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		frappe.set_user(self.alice)

	def tearDown(self) -> None:
		frappe.db.rollback()
		frappe.set_user("Administrator")

	def draft(self, **values) -> str:
		args = {
			"reference_doctype": "Contact",
			"reference_name": self.contact,
			"to": "client@example.com",
			"subject": "Follow up",
			"html": "<p>Email content</p>",
		}
		return api.save_draft(**(args | values))

	def as_user(self, user: str) -> None:
		frappe.set_user(user)


class TestDrafting(EmailTestCase):
	def test_save_draft_answers_the_name_of_a_draft_communication(self):
		name = self.draft(cc="a@example.com; b@example.com", html=XSS)
		self.assertIsInstance(name, str)
		doc = frappe.get_doc("Communication", name)
		self.assertEqual(
			(doc.communication_medium, doc.delivery_status, doc.sent_or_received),
			("Email", "Draft", "Sent"),
		)
		self.assertEqual((doc.reference_doctype, doc.reference_name), ("Contact", self.contact))
		self.assertEqual(doc.recipients, "client@example.com")
		self.assertEqual(doc.cc, "a@example.com, b@example.com")
		self.assertEqual(doc.owner, self.alice)
		self.assertNotIn("onerror", doc.content)
		self.assertNotIn("script", doc.content)
		self.assertNotIn("javascript:", doc.content)
		self.assertIn("<p>Hello</p>", doc.content)

	def test_each_missing_field_is_417_naming_it(self):
		for field in ("reference_doctype", "reference_name", "to", "subject"):
			with self.subTest(field=field), self.assertRaises(frappe.ValidationError) as caught:
				self.draft(**{field: None})
			self.assertIn(email_drafts.label(field), str(caught.exception))  # its label, e.g. "To"
		with self.assertRaises(frappe.ValidationError) as caught:
			self.draft(to="not-an-address")
		self.assertIn("To contains an invalid email address", str(caught.exception))

	def test_missing_record_is_404_and_bad_doctype_417(self):
		with self.assertRaises(frappe.DoesNotExistError):
			self.draft(reference_name="no-such-contact")
		with self.assertRaises(frappe.ValidationError):
			self.draft(reference_doctype="No Such DocType")
		with self.assertRaises(frappe.ValidationError):
			self.draft(reference_doctype="Contact Email")  # a child table

	def test_without_read_permission_on_the_contact_drafting_is_403(self):
		self.as_user(self.restricted)
		with self.assertRaises(frappe.PermissionError):
			self.draft()
		self.assertTrue(self.draft(reference_name=self.other_contact))
		self.as_user(self.outsider)
		with self.assertRaises(frappe.PermissionError):
			self.draft(reference_name=self.other_contact)

	def test_same_provider_message_gives_the_first_draft(self):
		args = {
			"reference_doctype": "Contact",
			"reference_name": self.contact,
			"to": "client@example.com",
			"subject": "Follow up",
			"html": "<p>Email content</p>",
			"provider": "gmail",
			"provider_message_id": "msg_123",
			"provider_thread_id": "thread_456",
		}
		first = api.save_draft_with_provider(**args)
		self.assertEqual(list(first), ["communication_name"])
		second = api.save_draft_with_provider(**(args | {"subject": "Retry"}))
		self.assertEqual(first, second)
		self.assertEqual(frappe.db.count("Communication", {"provider_message_id": "msg_123"}), 1)
		doc = frappe.get_doc("Communication", first["communication_name"])
		self.assertEqual((doc.provider, doc.provider_thread_id), ("gmail", "thread_456"))
		with self.assertRaises(frappe.ValidationError) as caught:
			api.save_draft_with_provider(**(args | {"provider_message_id": None}))
		self.assertIn("provider_message_id", str(caught.exception))

	def test_draft_created_event_reaches_subscribers_and_readers(self):
		hook = frappe.get_doc(
			{
				"doctype": "CRM Webhook",
				"url": "http://127.0.0.1:9/never",
				"secret": "s",
				"description": f"{TITLE_MARK} in-process",
			}
		).insert(ignore_permissions=True)
		name = self.draft(subject="Event")
		delivery = frappe.get_doc("CRM Webhook Delivery", {"webhook": hook.name})
		payload = json.loads(delivery.payload)
		self.assertEqual(payload["event"], "crm_email_draft_created")
		data = payload["data"]
		self.assertEqual(data["name"], name)
		self.assertEqual((data["reference_doctype"], data["reference_name"]), ("Contact", self.contact))
		self.assertEqual(data["subject"], "Event")
		self.assertEqual(data["sender"], f"crm-outgoing@{self.alice.split('@')[1]}")
		self.assertTrue(data["created"])
		self.assertEqual(delivery.status, "Queued")
		audience = events.audience(frappe.get_doc("Communication", name))
		self.assertIn(self.alice, audience)
		self.assertIn(self.manager, audience)
		self.assertNotIn(self.restricted, audience)
		self.assertNotIn(self.outsider, audience)


class TestReading(EmailTestCase):
	def test_inbox_lists_what_the_caller_may_read_newest_first(self):
		first = self.draft(subject="First")
		second = self.draft(subject="Second")
		other = self.draft(reference_name=self.other_contact, subject="Other")
		inbox = api.get_inbox(doctype="Contact", docname=self.contact)
		names = [row["name"] for row in inbox["data"]]
		self.assertEqual(names[:2], [second, first])
		self.assertNotIn(other, names)
		self.assertEqual(inbox["data"][0]["status"], "Draft")
		self.assertIn("html", inbox["data"][0])

		self.as_user(self.restricted)
		everything = [row["name"] for row in api.get_inbox(limit=200)["data"]]
		self.assertIn(other, everything)
		self.assertNotIn(first, everything)
		self.assertNotIn(second, everything)
		with self.assertRaises(frappe.PermissionError):
			api.get_inbox(doctype="Contact", docname=self.contact)

	def test_inbox_filters_and_errors(self):
		draft = self.draft()
		self.assertIn(draft, [r["name"] for r in api.get_inbox(status="Draft", limit=5)["data"]])
		self.assertNotIn(draft, [r["name"] for r in api.get_inbox(status="Sent", limit=200)["data"]])
		self.assertEqual(api.get_inbox(limit="bad")["limit"], 20)
		self.assertEqual(api.get_inbox(limit=1000)["limit"], 200)
		with self.assertRaises(frappe.ValidationError):
			api.get_inbox(status="Open")
		with self.assertRaises(frappe.ValidationError) as caught:
			api.get_inbox(doctype="Contact")
		self.assertIn("Record is required with Record type", str(caught.exception))
		with self.assertRaises(frappe.DoesNotExistError):
			api.get_inbox(doctype="Contact", docname="missing-contact")
		self.as_user(self.outsider)  # no CRM role: Frappe's "All" rule lets it list, but nothing shows
		self.assertNotIn(draft, [r["name"] for r in api.get_inbox(limit=200)["data"]])

	def test_thread_context_follows_the_provider_thread(self):
		base = {"reference_doctype": "Contact", "reference_name": self.contact, "to": "c@example.com"}
		one = api.save_draft_with_provider(
			**base, subject="One", provider="gmail", provider_message_id="m1", provider_thread_id="t1"
		)["communication_name"]
		two = api.save_draft_with_provider(
			**base, subject="Two", provider="gmail", provider_message_id="m2", provider_thread_id="t1"
		)["communication_name"]
		self.draft(subject="Not in thread")
		context = api.thread_context(communication=two)
		self.assertEqual([m["name"] for m in context["messages"]], [one, two])
		self.assertEqual((context["provider"], context["provider_thread_id"]), ("gmail", "t1"))
		by_record = api.thread_context(doctype="Contact", docname=self.contact)
		self.assertEqual(len(by_record["messages"]), 3)
		with self.assertRaises(frappe.ValidationError):
			api.thread_context()
		with self.assertRaises(frappe.DoesNotExistError):
			api.thread_context(communication="no-such-communication")
		self.as_user(self.restricted)
		with self.assertRaises(frappe.PermissionError):
			api.thread_context(communication=two)
		with self.assertRaises(frappe.PermissionError):
			api.thread_context(doctype="Contact", docname=self.contact)


class TestSendingAndLinking(EmailTestCase):
	def test_send_queues_the_email_once(self):
		name = self.draft()
		self.assertEqual(api.send(communication_name=name), {"ok": True})
		queued = frappe.get_all("Email Queue", filters={"communication": name}, fields=["name", "status"])
		self.assertEqual(len(queued), 1)
		self.assertEqual(queued[0].status, "Not Sent")
		self.assertEqual(frappe.db.get_value("Communication", name, "delivery_status"), "Sending")
		with self.assertRaises(frappe.ValidationError) as caught:
			api.send(communication_name=name)
		self.assertIn("not a draft", str(caught.exception))
		self.assertEqual(frappe.db.count("Email Queue", {"communication": name}), 1)

	def test_send_errors(self):
		with self.assertRaises(frappe.ValidationError):
			api.send()
		with self.assertRaises(frappe.DoesNotExistError):
			api.send(communication_name="no-such-communication")
		name = self.draft()
		for user in (self.restricted, self.outsider):
			self.as_user(user)
			with self.assertRaises(frappe.PermissionError):
				api.send(communication_name=name)
		self.assertEqual(frappe.db.count("Email Queue", {"communication": name}), 0)

	def test_send_without_an_outgoing_account_is_a_clear_417(self):
		name = self.draft()
		frappe.db.set_value("Email Account", {"enable_outgoing": 1}, "enable_outgoing", 0)
		with self.assertRaises(frappe.ValidationError) as caught:
			api.send(communication_name=name)
		self.assertIn("outgoing email account", str(caught.exception))

	def test_link_provider_ids(self):
		name = self.draft()
		self.assertEqual(
			api.link_provider_ids(
				communication_name=name, provider="Gmail", provider_message_id="lm1", provider_thread_id="lt1"
			),
			{"ok": True},
		)
		doc = frappe.get_doc("Communication", name)
		self.assertEqual(
			(doc.provider, doc.provider_message_id, doc.provider_thread_id), ("gmail", "lm1", "lt1")
		)
		other = self.draft()
		with self.assertRaises(frappe.DuplicateEntryError):
			api.link_provider_ids(communication_name=other, provider="gmail", provider_message_id="lm1")
		with self.assertRaises(frappe.ValidationError):
			api.link_provider_ids(communication_name=other, provider_message_id="x")
		self.as_user(self.restricted)
		with self.assertRaises(frappe.PermissionError):
			api.link_provider_ids(communication_name=other, provider="gmail", provider_message_id="lm2")

	def test_edit_and_discard(self):
		name = self.draft()
		edited = api.update_draft(communication_name=name, subject="Edited", html="<p onclick='x()'>New</p>")
		self.assertEqual((edited["subject"], edited["html"]), ("Edited", "<p>New</p>"))
		self.assertEqual(edited["to"], ["client@example.com"])
		with self.assertRaises(frappe.ValidationError):
			api.update_draft(communication_name=name, to="")
		self.as_user(self.restricted)
		with self.assertRaises(frappe.PermissionError):
			api.update_draft(communication_name=name, subject="Hijack")
		with self.assertRaises(frappe.PermissionError):
			api.discard_draft(communication_name=name)
		self.as_user(self.alice)
		self.assertEqual(api.discard_draft(communication_name=name), {"ok": True})
		self.assertFalse(frappe.db.exists("Communication", name))
		self.assertTrue(
			frappe.db.exists("Deleted Document", {"deleted_doctype": "Communication", "deleted_name": name})
		)
		sent = self.draft()
		api.send(communication_name=sent)
		with self.assertRaises(frappe.ValidationError):
			api.discard_draft(communication_name=sent)
		with self.assertRaises(frappe.ValidationError):
			api.update_draft(communication_name=sent, subject="Too late")

	def test_a_draft_with_a_webhook_delivery_can_be_discarded(self):
		"""A site with a subscription (a normal production state): the delivery of the draft's
		event names the draft, and must not stop anyone discarding it."""
		frappe.get_doc(
			{
				"doctype": "CRM Webhook",
				"event": "crm_email_draft_created",
				"url": "http://127.0.0.1:9/hook",
				"secret": "s",
				"description": f"{TITLE_MARK} discard",
			}
		).insert(ignore_permissions=True)
		name = self.draft()
		self.assertTrue(frappe.db.exists("CRM Webhook Delivery", {"reference_name": name}))
		self.as_user(self.alice)
		self.assertEqual(api.discard_draft(communication_name=name), {"ok": True})
		self.assertFalse(frappe.db.exists("Communication", name))

	def test_desk_enforces_the_record_rule_for_writes(self):
		name = self.draft()
		doc = frappe.get_doc("Communication", name)
		self.assertTrue(frappe.has_permission("Communication", "write", doc=doc, user=self.alice))
		self.assertFalse(frappe.has_permission("Communication", "write", doc=doc, user=self.restricted))
		self.assertFalse(frappe.has_permission("Communication", "read", doc=doc, user=self.restricted))


class TestAgentRouter(EmailTestCase):
	def params(self, **extra):
		return {
			"reference_doctype": "Contact",
			"reference_name": self.contact,
			"to": "client@example.com",
			"subject": "Follow up",
			"html": "<p>Email content</p>",
			"cc": None,
			"bcc": None,
		} | extra

	def test_the_four_commands_answer_like_the_email_api(self):
		name = agent.run("email.draft", self.params(provider_thread_id=None))
		self.assertIsInstance(name, str)
		self.assertEqual(frappe.db.get_value("Communication", name, "delivery_status"), "Draft")
		linked = agent.run(
			"email.draft_with_provider",
			json.dumps(
				self.params(provider="gmail", provider_message_id="msg_a1", provider_thread_id="thread_a")
			),
		)
		self.assertEqual(list(linked), ["communication_name"])
		self.assertEqual(
			agent.run(
				"email.link_provider_ids",
				{
					"communication_name": name,
					"provider": "gmail",
					"provider_message_id": "msg_a2",
					"provider_thread_id": "th",
				},
			),
			{"ok": True},
		)
		self.assertEqual(agent.run("email.send", {"communication_name": name}), {"ok": True})
		self.assertEqual(frappe.db.count("Email Queue", {"communication": name}), 1)

	def test_unknown_command_and_missing_params_are_417(self):
		with self.assertRaises(frappe.ValidationError) as caught:
			agent.run("email.delete", {})
		for command in ("email.draft", "email.draft_with_provider", "email.send", "email.link_provider_ids"):
			self.assertIn(command, str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			agent.run("email.send", {})
		self.assertIn("communication_name", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			agent.run("email.draft_with_provider", self.params())
		self.assertIn("provider", str(caught.exception))
		with self.assertRaises(frappe.ValidationError):
			agent.run("email.send", "{not json")

	def test_agent_permissions_are_the_callers(self):
		self.as_user(self.restricted)
		with self.assertRaises(frappe.PermissionError):
			agent.run("email.draft", self.params())
		with self.assertRaises(frappe.DoesNotExistError):
			agent.run("email.send", {"communication_name": "no-such-communication"})
