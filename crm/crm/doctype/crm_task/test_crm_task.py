# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe

from crm.tests.utils import TITLE_MARK, IntegrationTestCase, make_task

# The tests make their own users. Frappe v16 would also generate its User test records, whose
# welcome mail asks SQLite for CONCAT_WS (SQLite 3.44 and later only).
IGNORE_TEST_RECORD_DEPENDENCIES = ["User"]


class TestCRMTask(IntegrationTestCase):
	def test_priority_rank_follows_priority(self):
		task = make_task(priority="High")
		self.assertEqual(task.priority_rank, 3)
		task.priority = "Low"
		task.save()
		self.assertEqual(frappe.db.get_value("CRM Task", task.name, "priority_rank"), 1)

	def test_desk_edits_are_validated_like_the_api(self):
		with self.assertRaises(frappe.ValidationError):
			make_task(title="   ")
		with self.assertRaises(frappe.ValidationError):
			make_task(task_type="General")
		with self.assertRaises(frappe.ValidationError):
			make_task(status="Completed")
		self.assertEqual(make_task(title=f"  {TITLE_MARK} spaced  ").title, f"{TITLE_MARK} spaced")

	def test_names_are_integers(self):
		first, second = make_task(), make_task()
		self.assertIsInstance(first.name, int)
		self.assertGreater(second.name, first.name)

	def test_mobile_indexes_exist(self):
		indexed = (
			{row.Column_name for row in frappe.db.sql("show index from `tabCRM Task`", as_dict=True)}
			if frappe.db.db_type == "mariadb"
			else None
		)
		if indexed is not None:
			self.assertTrue({"start_date", "due_date", "status", "assigned_to", "priority_rank"} <= indexed)
