"""Tier 2: to-dos, notifications and comments, as each kind of user."""

import frappe

from crm.api import comment as comment_api
from crm.api import notifications as notification_api
from crm.api import todo as todo_api
from crm.tests.utils import (
	IntegrationTestCase,
	api_token,
	delete_email_test_data,
	delete_test_data,
	http,
	make_contact,
	make_user,
	restrict_to_contact,
)


class CollabTestCase(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("collab-alice", ("Sales User",))
		cls.bob = make_user("collab-bob", ("Sales User",))
		cls.manager = make_user("collab-manager", ("Sales Manager",))
		cls.contact = make_contact("Collab Fahad").name
		cls.hidden = make_contact("Collab Hidden").name
		restrict_to_contact(cls.bob, cls.hidden)
		frappe.db.commit()
		cls.alice_token = api_token(cls.alice)

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


class TestTodos(CollabTestCase):
	def test_own_todos_by_default(self):
		made = todo_api.create_todo(
			description="<p>Call Fahad</p>",
			priority="High",
			date="2026-12-01",
			reference_type="Contact",
			reference_name=self.contact,
		)
		self.assertEqual(
			(made["allocated_to"], made["assigned_by"], made["status"]), (self.alice, self.alice, "Open")
		)
		listed = todo_api.get_todos()
		self.assertIn(made["name"], [t["name"] for t in listed["data"]])
		self.assertEqual(set(listed), {"data", "page", "page_size", "total", "has_next"})
		self.assertNotIn(made["name"], [t["name"] for t in todo_api.get_todos(status="Closed")["data"]])

	def test_a_sales_user_cannot_read_or_assign_anothers(self):
		frappe.set_user(self.bob)
		bobs = todo_api.create_todo(description="Bob's private errand")["name"]
		frappe.set_user(self.alice)
		with self.assertRaises(frappe.PermissionError):
			todo_api.get_todos(allocated_to=self.bob)
		with self.assertRaises(frappe.PermissionError):
			todo_api.create_todo(description="for bob", allocated_to=self.bob)
		self.assertNotIn(
			bobs, [t["name"] for t in todo_api.get_todos(status="Open,Closed,Cancelled", limit=100)["data"]]
		)
		frappe.set_user(self.manager)
		self.assertIn(bobs, [t["name"] for t in todo_api.get_todos(allocated_to=self.bob, limit=100)["data"]])
		self.assertEqual(
			todo_api.create_todo(description="visit", allocated_to=self.bob)["allocated_to"], self.bob
		)

	def test_bad_input(self):
		with self.assertRaises(frappe.ValidationError):
			todo_api.create_todo(description="")
		with self.assertRaises(frappe.ValidationError):
			todo_api.get_todos(status="Done")
		with self.assertRaises(frappe.DoesNotExistError):
			todo_api.create_todo(description="x", reference_type="Contact", reference_name="missing-contact")
		frappe.set_user(self.bob)
		with self.assertRaises(frappe.PermissionError):
			todo_api.create_todo(description="x", reference_type="Contact", reference_name=self.contact)


class TestNotifications(CollabTestCase):
	def notify(self, user, subject):
		return frappe.get_doc(
			{"doctype": "Notification Log", "for_user": user, "subject": subject, "type": "Alert"}
		).insert(ignore_permissions=True)

	def test_only_the_callers_and_marking_read(self):
		mine = [self.notify(self.alice, f"<b>Alert</b> {n}").name for n in range(3)]
		bobs = self.notify(self.bob, "Bob only").name
		listed = notification_api.get_notifications(limit=50)
		names = [n["name"] for n in listed["data"]]
		self.assertTrue(set(mine) <= set(names))
		self.assertNotIn(bobs, names)
		self.assertGreaterEqual(listed["unread_count"], 3)
		self.assertEqual(listed["data"][0]["subject"], "Alert 2")

		self.assertEqual(notification_api.mark_read(name=mine[0]), {"ok": True, "marked": 1})
		unread = [n["name"] for n in notification_api.get_notifications(unread_only=1, limit=50)["data"]]
		self.assertNotIn(mine[0], unread)
		with self.assertRaises(frappe.PermissionError):
			notification_api.mark_read(name=bobs)
		with self.assertRaises(frappe.DoesNotExistError):
			notification_api.mark_read(name="no-such-notification")
		with self.assertRaises(frappe.ValidationError):
			notification_api.mark_read()
		marked = notification_api.mark_read(all=1)
		self.assertGreaterEqual(marked["marked"], 2)
		self.assertEqual(notification_api.get_notifications(unread_only="true")["unread_count"], 0)
		self.assertEqual(frappe.db.get_value("Notification Log", bobs, "read"), 0)


class TestComments(CollabTestCase):
	def test_comment_round_trip_sanitized(self):
		added = comment_api.add_comment(
			reference_doctype="Contact",
			reference_name=self.contact,
			content="<p>Liked the villa</p><img src=x onerror=alert(1)>",
		)
		self.assertEqual(added["content"], '<p>Liked the villa</p><img src="x">')
		self.assertEqual(added["comment_email"], self.alice)
		listed = comment_api.get_comments(reference_doctype="Contact", reference_name=self.contact)
		self.assertEqual(listed["data"][0]["name"], added["name"])
		self.assertEqual(listed["total"], 1)

	def test_read_permission_on_the_record_is_needed(self):
		comment_api.add_comment(reference_doctype="Contact", reference_name=self.contact, content="note")
		frappe.set_user(self.bob)
		with self.assertRaises(frappe.PermissionError):
			comment_api.get_comments(reference_doctype="Contact", reference_name=self.contact)
		with self.assertRaises(frappe.PermissionError):
			comment_api.add_comment(
				reference_doctype="Contact", reference_name=self.contact, content="sneaky"
			)
		with self.assertRaises(frappe.ValidationError):
			comment_api.get_comments(reference_doctype="Contact")
		with self.assertRaises(frappe.DoesNotExistError):
			comment_api.get_comments(reference_doctype="Contact", reference_name="missing-contact")
		with self.assertRaises(frappe.ValidationError):
			comment_api.add_comment(reference_doctype="Contact", reference_name=self.hidden, content="")


class TestCollabHTTP(CollabTestCase):
	def test_status_codes(self):
		base = "/api/method/crm.api."
		self.assertEqual(http("GET", base + "todo.get_todos").status_code, 401)
		self.assertEqual(http("GET", base + "notifications.get_notifications").status_code, 401)
		self.assertEqual(http("GET", base + "todo.get_todos", token=self.alice_token).status_code, 200)
		other = http(
			"GET", base + "todo.get_todos", token=self.alice_token, params={"allocated_to": self.bob}
		)
		self.assertEqual(other.status_code, 403)
		bad = http(
			"POST",
			base + "todo.create_todo",
			token=self.alice_token,
			json={"description": "x", "priority": "Urgent"},
		)
		self.assertEqual(bad.status_code, 417)
		self.assertIn("priority", bad.json()["exception"])
		missing = http(
			"POST", base + "notifications.mark_read", token=self.alice_token, json={"name": "nope"}
		)
		self.assertEqual(missing.status_code, 404)
		comments = http(
			"GET",
			base + "comment.get_comments",
			token=self.alice_token,
			params={"reference_doctype": "Contact", "reference_name": self.contact},
		)
		self.assertEqual(comments.status_code, 200)
