# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe

from crm.tests.utils import IntegrationTestCase


class TestCRMSettings(IntegrationTestCase):
	def tearDown(self) -> None:
		frappe.db.rollback()

	def test_desk_edits_keep_numbers_in_range(self):
		doc = frappe.get_doc("CRM Settings")
		doc.requests_per_minute_per_key = 0
		with self.assertRaises(frappe.ValidationError):
			doc.save()
		doc = frappe.get_doc("CRM Settings")
		doc.requests_per_minute_per_key = 120
		doc.save()
		self.assertEqual(frappe.db.get_single_value("CRM Settings", "requests_per_minute_per_key"), 120)

	def test_secrets_are_not_stored_in_clear(self):
		doc = frappe.get_doc("CRM Settings")
		doc.whatsapp_access_token = "EAAG-secret"
		doc.save()
		self.assertNotEqual(
			frappe.db.get_single_value("CRM Settings", "whatsapp_access_token"), "EAAG-secret"
		)
		self.assertEqual(frappe.get_doc("CRM Settings").get_password("whatsapp_access_token"), "EAAG-secret")
