# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe

from crm.tests.utils import TITLE_MARK, IntegrationTestCase, delete_test_data, make_user


def new_hook(**values):
	return frappe.get_doc(
		{
			"doctype": "CRM Webhook",
			"url": "https://receiver.example/hook",
			"secret": "top-secret",
			"description": f"{TITLE_MARK} unit",
		}
		| values
	)


class TestCRMWebhook(IntegrationTestCase):
	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_url_must_be_http_with_a_host(self):
		for url in ("ftp://receiver.example", "javascript:alert(1)", "receiver.example/hook"):
			with self.subTest(url=url), self.assertRaises(frappe.ValidationError):
				new_hook(url=url).insert()

	def test_limits_are_kept_in_range_and_secret_is_not_stored_in_clear(self):
		hook = new_hook(max_attempts=500, timeout=0, retry_delay=-5).insert()
		self.assertEqual((hook.max_attempts, hook.timeout, hook.retry_delay), (20, 10, 1))
		self.assertNotEqual(frappe.db.get_value("CRM Webhook", hook.name, "secret"), "top-secret")
		self.assertEqual(hook.get_password("secret"), "top-secret")

	def test_only_system_managers_subscribe(self):
		frappe.set_user(make_user("hook-sales", ("Sales User", "Sales Manager")))
		with self.assertRaises(frappe.PermissionError):
			new_hook().insert()
