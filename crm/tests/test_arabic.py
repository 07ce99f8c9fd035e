"""Tier 2 over HTTP: a user whose language is Arabic reads errors in Arabic; values stay English.
A user without a language of their own reads the site's."""

import frappe
import requests

from crm.tests.utils import (
	PASSWORD,
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	delete_test_data,
	http,
	make_user,
	server_url,
)

MOBILE = "/api/method/crm.api.mobile_api."


class TestArabic(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.user = make_user("arabic-user", ("Sales User",), language="ar")
		cls.site_language_user = make_user("site-language-user", ("Sales User",))
		frappe.db.commit()
		cls.token = api_token(cls.user)

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def test_errors_are_arabic_and_values_english(self):
		bad = http(
			"POST",
			MOBILE + "create_task",
			token=self.token,
			json={"title": f"{TITLE_MARK} ar", "task_type": "General"},
		)
		self.assertEqual(bad.status_code, 417)
		message = bad.json()["exception"]
		self.assertIn("نوع المهمة", message)  # the field's Arabic label
		self.assertIn("يجب أن تكون إحدى القيم", message)
		self.assertIn("'Meeting', 'Call', 'Property Showing'", message)  # accepted values stay English

		made = http(
			"POST",
			MOBILE + "create_task",
			token=self.token,
			json={"title": f"{TITLE_MARK} ar", "task_type": "Meeting"},
		)
		self.assertEqual(made.status_code, 200, made.text)
		task = made.json()["message"]
		self.assertEqual((task["task_type"], task["status"], task["priority"]), ("Meeting", "Todo", "Medium"))

		missing = self._missing_task_update(self.token)
		self.assertEqual(missing.status_code, 404)
		self.assertIn("غير موجود", missing.json()["exception"])
		frappe.db.rollback()
		frappe.delete_doc("CRM Task", task["name"], force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_a_user_without_a_language_reads_the_sites_as_it_changes(self):
		token = api_token(self.site_language_user)
		was = frappe.db.get_single_value("System Settings", "language")
		try:
			self._set_site_language("ar")
			self.assertIn("غير موجود", self._missing_task_update(token).json()["exception"])
			self._set_site_language("en")
			self.assertIn("not found", self._missing_task_update(token).json()["exception"])
		finally:
			self._set_site_language(was)

	@staticmethod
	def _set_site_language(language: str | None) -> None:
		settings = frappe.get_single("System Settings")
		settings.language = language
		settings.flags.ignore_mandatory = True  # a test site may lack its time zone
		settings.save()
		frappe.db.commit()

	@staticmethod
	def _missing_task_update(token: str) -> requests.Response:
		"""An update of a task that does not exist: 404, its message in the caller's language."""
		return http(
			"POST", MOBILE + "update_status", token=token, json={"task_id": 999999999, "status": "Done"}
		)

	def test_human_inbox_is_right_to_left(self):
		browser = requests.Session()
		browser.headers["X-Frappe-Site-Name"] = frappe.local.site
		browser.post(f"{server_url()}/api/method/login", data={"usr": self.user, "pwd": PASSWORD}, timeout=60)
		page = browser.get(f"{server_url()}/human_inbox", timeout=60)
		self.assertEqual(page.status_code, 200)
		self.assertIn('dir="rtl"', page.text)
		self.assertIn("صندوق المراجعة", page.text)
