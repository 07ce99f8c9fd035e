# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe

from crm.tests.utils import IntegrationTestCase, make_contact, make_user, restrict_to_contact

# The tests make their own contacts and users. Frappe v16 would also generate test records for
# Contact and what it links to, among them Users, whose welcome mail asks SQLite for CONCAT_WS
# (SQLite 3.44 and later only).
IGNORE_TEST_RECORD_DEPENDENCIES = ["Contact"]


def message(**values):
	return frappe.get_doc(
		{"doctype": "CRM WhatsApp Message", "direction": "Incoming", "status": "Received"} | values
	).insert(ignore_permissions=True)


class TestCRMWhatsAppMessage(IntegrationTestCase):
	def tearDown(self) -> None:
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_blank_provider_ids_are_null_and_real_ones_unique(self):
		first, second = message(provider_message_id="  "), message(provider_message_id="")
		self.assertIsNone(frappe.db.get_value("CRM WhatsApp Message", first.name, "provider_message_id"))
		self.assertIsNone(frappe.db.get_value("CRM WhatsApp Message", second.name, "provider_message_id"))
		message(provider_message_id="wamid.unique-1")
		with self.assertRaises(frappe.UniqueValidationError):
			message(provider_message_id="wamid.unique-1")

	def test_readable_only_with_its_contact(self):
		mine, theirs = make_contact("WA Doc Mine"), make_contact("WA Doc Theirs")
		user = make_user("wa-doc-sales", ("Sales User",))
		restrict_to_contact(user, mine.name)
		own = message(contact=mine.name, from_number="+966501234567")
		other = message(contact=theirs.name, from_number="+966501234568")
		self.assertTrue(frappe.has_permission("CRM WhatsApp Message", "read", doc=own, user=user))
		self.assertFalse(frappe.has_permission("CRM WhatsApp Message", "read", doc=other, user=user))
		frappe.set_user(user)
		visible = frappe.get_list("CRM WhatsApp Message", pluck="name")
		self.assertIn(own.name, visible)
		self.assertNotIn(other.name, visible)
