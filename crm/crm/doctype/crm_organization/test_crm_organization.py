# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe

from crm.tests.utils import TITLE_MARK, IntegrationTestCase


class TestCRMOrganization(IntegrationTestCase):
	def tearDown(self) -> None:
		frappe.db.rollback()

	def test_names_are_unique_in_any_letter_case(self):
		frappe.get_doc({"doctype": "CRM Organization", "organization_name": f"{TITLE_MARK} Acme"}).insert()
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc(
				{"doctype": "CRM Organization", "organization_name": f"{TITLE_MARK} ACME"}
			).insert()

	def test_desk_edits_are_validated_like_the_api(self):
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{
					"doctype": "CRM Organization",
					"organization_name": f"{TITLE_MARK} Bad",
					"website": "not a url",
				}
			).insert()

	def test_changes_are_tracked(self):
		self.assertTrue(frappe.get_meta("CRM Organization").track_changes)
