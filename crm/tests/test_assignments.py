"""Assigning in bulk: each assignment writes its ToDo at once, and each assignee gets one
notification for everything assigned to them since the last one (no job per assignment)."""

from unittest.mock import patch

import frappe

from crm.api import mobile_api
from crm.mobile import assignments
from crm.tests.utils import TITLE_MARK, IntegrationTestCase, delete_test_data, make_task, make_user


class TestBulkAssignment(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.manager = make_user("assign-manager", ("Sales Manager",))
		cls.bob = make_user("assign-bob", ("Sales User",))
		cls.alice = make_user("assign-alice", ("Sales User",))
		frappe.db.commit()  # the tests roll back their own work; delete_test_data removes these

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for user in (cls.bob, cls.alice):
			assignments.notify(user)  # drop what the tests noted
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		for user in (self.bob, self.alice):
			assignments._take(user)
		frappe.set_user(self.manager)

	def tearDown(self) -> None:
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def notifications(self, user: str) -> list:
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": "CRM Task"},
			fields=["subject", "document_name"],
			order_by="creation desc",
		)

	def test_thirty_assignments_queue_no_job_and_make_one_notification(self):
		tasks = [make_task(title=f"{TITLE_MARK} bulk {index}").name for index in range(30)]
		with patch("frappe.enqueue") as enqueue:
			for task in tasks:
				mobile_api.edit_task(task_id=task, assigned_to=self.bob)
		self.assertEqual(enqueue.call_count, 0)
		todos = frappe.get_all(
			"ToDo",
			filters={"allocated_to": self.bob, "status": "Open", "reference_type": "CRM Task"},
			pluck="reference_name",
		)
		self.assertTrue({str(task) for task in tasks} <= set(todos))
		before = len(self.notifications(self.bob))
		self.assertEqual(assignments.notify(self.bob), 30)
		notes = self.notifications(self.bob)
		self.assertEqual(len(notes), before + 1)
		self.assertIn("30", notes[0].subject)
		self.assertEqual(assignments.notify(self.bob), 0)  # told once

	def test_reassigning_tells_both_and_moves_the_todo(self):
		task = make_task(title=f"{TITLE_MARK} moved", assigned_to=self.bob).name
		self.assertEqual(assignments.notify(self.bob), 1)
		mobile_api.edit_task(task_id=task, assigned_to=self.alice)
		self.assertEqual(assignments.notify(self.alice), 1)
		self.assertEqual(assignments.notify(self.bob), 1)  # taken off bob's list
		open_for = frappe.get_all(
			"ToDo", filters={"reference_name": str(task), "status": "Open"}, pluck="allocated_to"
		)
		self.assertEqual(open_for, [self.alice])

	def test_an_assignment_undone_before_the_notification_is_not_told(self):
		task = make_task(title=f"{TITLE_MARK} undone", assigned_to=self.bob).name
		mobile_api.edit_task(task_id=task, assigned_to="")
		self.assertEqual(assignments.notify(self.bob), 0)

	def test_nobody_is_told_of_their_own_assignment(self):
		frappe.set_user(self.bob)
		mobile_api.create_task(title=f"{TITLE_MARK} mine", task_type="Call", assigned_to=self.bob)
		self.assertEqual(assignments._take(self.bob), [])
