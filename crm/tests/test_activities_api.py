"""Tier 2: activities and the merged timeline of a record."""

from contextlib import contextmanager

import frappe

from crm.api import activities as api
from crm.api import comment as comment_api
from crm.api import email as email_api
from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	delete_email_test_data,
	delete_test_data,
	http,
	make_contact,
	make_task,
	make_user,
	restrict_to_contact,
)


@contextmanager
def versions_kept():
	"""Frappe skips Version history in tests (save's ignore_version defaults to in_test); keep it here."""
	frappe.flags.in_test = False
	try:
		yield
	finally:
		frappe.flags.in_test = True


class TestActivitiesAPI(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("activity-alice", ("Sales User",))
		cls.bob = make_user("activity-bob", ("Sales User",))
		cls.contact = make_contact("Timeline Fahad").name
		cls.hidden = make_contact("Timeline Hidden").name
		restrict_to_contact(cls.bob, cls.hidden)
		frappe.db.commit()
		cls.bob_token = api_token(cls.bob)

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

	def log(self, **values):
		base = {
			"reference_doctype": "Contact",
			"reference_name": self.contact,
			"activity_type": "Call",
			"subject": "Intro call",
		}
		return api.create_activity(**(base | values))

	def test_create_and_update(self):
		made = self.log(
			activity_date="2026-11-20 09:30:00", duration_minutes=15, outcome="Positive", notes="<p>Keen</p>"
		)
		self.assertEqual(
			(made["activity_type"], made["duration_minutes"], made["outcome"]), ("Call", 15, "Positive")
		)
		with versions_kept():
			changed = api.update_activity(
				name=made["name"], outcome="Follow-up Needed", subject="Second call"
			)
		self.assertEqual(
			(changed["outcome"], changed["subject"], changed["activity_date"]),
			("Follow-up Needed", "Second call", "2026-11-20 09:30:00"),
		)
		self.assertEqual(
			frappe.db.count("Version", {"ref_doctype": "CRM Activity", "docname": made["name"]}), 1
		)
		with self.assertRaises(frappe.ValidationError):
			self.log(activity_type="Lunch")
		with self.assertRaises(frappe.DoesNotExistError):
			api.update_activity(name="no-such-activity", subject="x")
		frappe.set_user(self.bob)
		with self.assertRaises(frappe.PermissionError):
			api.update_activity(name=made["name"], subject="Not mine")

	def test_lists_show_only_activities_on_records_the_user_may_read(self):
		from crm.api import mobile_api

		task = mobile_api.create_task(title=f"{TITLE_MARK} alice's visit", task_type="Call")
		on_alices = self.log(reference_doctype="CRM Task", reference_name=str(task["name"]))
		self.assertIn(on_alices["name"], frappe.get_list("CRM Activity", pluck="name", limit_page_length=0))
		frappe.set_user(self.bob)  # a Sales User reads only their own tasks
		task = mobile_api.create_task(title=f"{TITLE_MARK} bob's visit", task_type="Call")
		on_bobs = self.log(reference_doctype="CRM Task", reference_name=str(task["name"]))
		listed = frappe.get_list("CRM Activity", pluck="name", limit_page_length=0)
		self.assertNotIn(on_alices["name"], listed)
		self.assertIn(on_bobs["name"], listed)

	def test_timeline_merges_every_source_newest_first(self):
		self.log(subject="Oldest call", activity_date="2020-01-01 10:00:00")
		comment_api.add_comment(reference_doctype="Contact", reference_name=self.contact, content="A comment")
		task = make_task(  # alice's own: the timeline shows the tasks the caller may read
			title=f"{TITLE_MARK} Showing", reference_doctype="Contact", reference_docname=self.contact
		)
		task.status = "Done"
		with versions_kept():
			task.save()
		email_api.save_draft(
			reference_doctype="Contact", reference_name=self.contact, to="c@example.com", subject="Offer"
		)
		timeline = api.get_activities(reference_doctype="Contact", reference_name=self.contact, limit=50)
		kinds = {item["type"] for item in timeline["data"]}
		self.assertEqual(kinds, {"activity", "comment", "email", "task", "task_change"})
		stamps = [item["timestamp"] for item in timeline["data"]]
		self.assertEqual(stamps, sorted(stamps, reverse=True))
		self.assertEqual(timeline["data"][-1]["title"], "Oldest call")
		change = next(item for item in timeline["data"] if item["type"] == "task_change")
		self.assertIn({"field": "status", "from": "Todo", "to": "Done"}, change["data"]["changes"])
		self.assertEqual(timeline["total"], len(timeline["data"]))
		first = api.get_activities(reference_doctype="Contact", reference_name=self.contact, limit=2)
		self.assertEqual((len(first["data"]), first["has_next"]), (2, True))
		self.assertEqual(first["data"], timeline["data"][:2])

	def test_timeline_needs_read_permission_on_the_record(self):
		self.log()
		frappe.set_user(self.bob)
		with self.assertRaises(frappe.PermissionError):
			api.get_activities(reference_doctype="Contact", reference_name=self.contact)
		with self.assertRaises(frappe.PermissionError):
			api.create_activity(
				reference_doctype="Contact", reference_name=self.contact, activity_type="Note", subject="x"
			)
		response = http(
			"GET",
			"/api/method/crm.api.activities.get_activities",
			token=self.bob_token,
			params={"reference_doctype": "Contact", "reference_name": self.contact},
		)
		self.assertEqual(response.status_code, 403)
		missing = http(
			"GET",
			"/api/method/crm.api.activities.get_activities",
			token=self.bob_token,
			params={"reference_doctype": "Contact"},
		)
		self.assertEqual(missing.status_code, 417)
		self.assertEqual(http("GET", "/api/method/crm.api.activities.get_activities").status_code, 401)
