"""Tier 2: crm.api.settings, in process and over HTTP."""

import frappe

from crm.api import settings as api
from crm.tests.utils import (
	TEST_DOMAIN,
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	delete_email_test_data,
	delete_test_data,
	http,
	make_user,
)

SECRET = "EAAG-token-never-leaves"


class TestSettingsAPI(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.admin = make_user("settings-admin", ("System Manager",))
		cls.sales = make_user("settings-sales", ("Sales User",))
		cls.outsider = make_user("settings-outsider", ())
		frappe.db.commit()
		cls.sales_token = api_token(cls.sales)
		cls.admin_token = api_token(cls.admin)

	@classmethod
	def tearDownClass(cls) -> None:
		delete_email_test_data()
		delete_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		frappe.db.rollback()
		frappe.set_user("Administrator")

	def test_system_manager_updates_and_no_secret_leaves(self):
		frappe.set_user(self.admin)
		answer = api.update_settings(
			settings={"requests_per_minute_per_key": 150, "whatsapp_access_token": SECRET},
			default_task_priority="High",
		)
		self.assertEqual(answer["requests_per_minute_per_key"], 150)
		self.assertEqual(answer["default_task_priority"], "High")
		self.assertTrue(answer["whatsapp_access_token_set"])
		self.assertNotIn(SECRET, frappe.as_json(answer))
		self.assertNotIn("whatsapp_access_token", answer)
		kept = api.update_settings(whatsapp_access_token="")  # blank keeps the stored secret
		self.assertTrue(kept["whatsapp_access_token_set"])
		self.assertEqual(frappe.get_doc("CRM Settings").get_password("whatsapp_access_token"), SECRET)

		frappe.set_user(self.sales)
		view = api.get_settings()
		self.assertNotIn(SECRET, frappe.as_json(view))
		self.assertEqual(view["requests_per_minute_per_key"], 150)

	def test_bad_and_unknown_settings_are_417(self):
		frappe.set_user(self.admin)
		for values in ({"owner": "x"}, {"requests_per_minute_per_key": -1}, {"default_task_type": "General"}):
			with self.subTest(values=values), self.assertRaises(frappe.ValidationError):
				api.update_settings(settings=values)
		with self.assertRaises(frappe.ValidationError):
			api.update_settings(settings="{not json")

	def test_only_system_managers_write_and_crm_roles_read(self):
		frappe.set_user(self.sales)
		with self.assertRaises(frappe.PermissionError):
			api.update_settings(settings={"default_page_size": 10})
		with self.assertRaises(frappe.PermissionError):
			api.create_email_account(email_id=f"x@{TEST_DOMAIN}", smtp_server="smtp.example.com")
		frappe.set_user(self.outsider)
		with self.assertRaises(frappe.PermissionError):
			api.get_settings()

	def test_create_email_account(self):
		frappe.set_user(self.admin)
		answer = api.create_email_account(
			email_id=f"outbox@{TEST_DOMAIN}",
			email_account_name=f"{TITLE_MARK} api outbox",
			smtp_server="smtp.example.com",
			smtp_port="2525",
			default_outgoing=True,
		)
		self.assertEqual(
			answer,
			{
				"name": f"{TITLE_MARK} api outbox",
				"email_id": f"outbox@{TEST_DOMAIN}",
				"enable_outgoing": True,
				"enable_incoming": False,
				"default_outgoing": True,
			},
		)
		account = frappe.get_doc("Email Account", answer["name"])
		self.assertEqual((account.smtp_server, int(account.smtp_port)), ("smtp.example.com", 2525))
		with self.assertRaises(frappe.DuplicateEntryError):
			api.create_email_account(email_id=f"outbox@{TEST_DOMAIN}", smtp_server="smtp.example.com")
		with self.assertRaises(frappe.ValidationError) as caught:
			api.create_email_account(email_id=f"other@{TEST_DOMAIN}")
		self.assertIn("smtp_server", str(caught.exception))

	def test_status_codes_over_http(self):
		base = "/api/method/crm.api.settings."
		self.assertEqual(http("GET", base + "get_settings").status_code, 401)
		self.assertEqual(http("GET", base + "get_settings", token=self.sales_token).status_code, 200)
		denied = http("POST", base + "update_settings", token=self.sales_token, json={"default_page_size": 5})
		self.assertEqual(denied.status_code, 403)
		bad = http("POST", base + "update_settings", token=self.admin_token, json={"name": "x"})
		self.assertEqual(bad.status_code, 417)
		self.assertIn("Allowed settings", bad.json()["exception"])
		ok = http(
			"POST",
			base + "update_settings",
			token=self.admin_token,
			json={"settings": {"default_page_size": 25}},
		)
		self.assertEqual((ok.status_code, ok.json()["message"]["default_page_size"]), (200, 25))
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_single_value("CRM Settings", "default_page_size"), 25)
		frappe.db.set_single_value("CRM Settings", "default_page_size", 20)
		frappe.db.commit()
