"""Who changed what: CRM Task, CRM Organization and CRM Activity keep Frappe's Version history,
so an API change shows in Desk's timeline with its author and the old and new values."""

import json

import frappe

from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	delete_email_test_data,
	delete_test_data,
	fresh_snapshot,
	http,
	make_contact,
	make_user,
)

API = "/api/method/crm.api."


class TestAudit(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.user = make_user("audit-manager", ("Sales Manager",))
		cls.token = api_token(cls.user)
		cls.contact = make_contact("Audit").name
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		delete_email_test_data()
		delete_test_data()
		super().tearDownClass()

	def changes(self, doctype: str, name: object) -> list:
		fresh_snapshot()
		versions = frappe.get_all(
			"Version",
			filters={"ref_doctype": doctype, "docname": str(name)},
			fields=["owner", "data"],
			order_by="creation asc",
		)
		return [(v.owner, [tuple(c) for c in json.loads(v.data).get("changed", [])]) for v in versions]

	def post(self, endpoint: str, **body):
		answer = http("POST", API + endpoint, token=self.token, json=body)
		self.assertEqual(answer.status_code, 200, answer.text)
		return answer.json()["message"]

	def test_task_changes_are_tracked_with_their_author(self):
		task = self.post(
			"mobile_api.create_task", title=f"{TITLE_MARK} audit", task_type="Call", priority="Low"
		)
		self.post("mobile_api.edit_task", task_id=task["name"], priority="High")
		self.post("mobile_api.update_status", task_id=task["name"], status="Done")
		changed = [
			change
			for owner, changes in self.changes("CRM Task", task["name"])
			for change in changes
			if owner == self.user
		]
		self.assertIn(("priority", "Low", "High"), changed)
		self.assertIn(("status", "Todo", "Done"), changed)

	def test_organization_and_activity_changes_are_tracked(self):
		org = self.post(
			"contact.create_organization", organization_name=f"{TITLE_MARK} Audit Org", industry="Retail"
		)
		self.post("contact.update_organization", name=org["name"], industry="Real Estate")
		self.assertIn(
			(self.user, [("industry", "Retail", "Real Estate")]),
			self.changes("CRM Organization", org["name"]),
		)
		activity = self.post(
			"activities.create_activity", reference_doctype="Contact", reference_name=self.contact,
			activity_type="Call", subject=f"{TITLE_MARK} audit call",
		)  # fmt: skip
		self.post("activities.update_activity", name=activity["name"], outcome="Positive")
		changed = [
			change for _owner, changes in self.changes("CRM Activity", activity["name"]) for change in changes
		]
		self.assertIn(("outcome", None, "Positive"), [(f, o or None, n) for f, o, n in changed])
