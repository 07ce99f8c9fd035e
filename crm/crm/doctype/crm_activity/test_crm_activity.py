# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe

from crm.tests.utils import IntegrationTestCase, make_contact


class TestCRMActivity(IntegrationTestCase):
	def tearDown(self) -> None:
		frappe.db.rollback()

	def test_desk_edits_are_validated_and_tracked(self):
		contact = make_contact("Activity Desk").name
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": "CRM Activity",
					"activity_type": "Lunch",
					"subject": "x",
					"reference_doctype": "Contact",
					"reference_name": contact,
				}
			).insert()
		doc = frappe.get_doc(
			{
				"doctype": "CRM Activity",
				"activity_type": "Note",
				"subject": "  Parking  at gate 3 ",
				"reference_doctype": "Contact",
				"reference_name": contact,
			}
		).insert()
		self.assertEqual(doc.subject, "Parking at gate 3")
		self.assertTrue(doc.activity_date)
		self.assertTrue(frappe.get_meta("CRM Activity").track_changes)
