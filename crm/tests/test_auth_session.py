"""Tier 2 over HTTP: crm.api.auth and crm.api.session."""

import time

import frappe
import requests

from crm.tests.utils import (
	PASSWORD,
	IntegrationTestCase,
	api_token,
	delete_test_data,
	http,
	make_user,
	server_url,
)

AUTH = "/api/method/crm.api.auth."
SESSION = "/api/method/crm.api.session."


class TestAuthAndSession(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.user = make_user("auth-user", ("Sales User",), language="ar")
		cls.disabled = make_user("auth-disabled", ("Sales User",))
		frappe.db.set_value("User", cls.disabled, "enabled", 0)
		frappe.db.set_single_value("CRM Settings", "login_attempts_per_minute", 1000)
		frappe.db.commit()
		cls.token = api_token(cls.user)

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.set_user("Administrator")
		frappe.db.set_single_value("CRM Settings", "login_attempts_per_minute", 10)
		delete_test_data()
		super().tearDownClass()

	def browser(self):
		session = requests.Session()
		session.headers.update({"X-Frappe-Site-Name": frappe.local.site, "Accept": "application/json"})
		return session

	def test_login_starts_a_session_and_answers_the_user(self):
		browser = self.browser()
		response = browser.post(
			f"{server_url()}{AUTH}login", json={"usr": self.user, "pwd": PASSWORD}, timeout=60
		)
		self.assertEqual(response.status_code, 200, response.text)
		info = response.json()["message"]
		self.assertEqual(info["user"], self.user)
		self.assertIn("Sales User", info["roles"])
		self.assertNotIn("All", info["roles"])
		self.assertEqual(info["language"], "ar")
		self.assertTrue(info["time_zone"])
		self.assertTrue(browser.cookies.get("sid"))

		me = browser.get(f"{server_url()}{AUTH}get_user_info", timeout=60).json()["message"]
		self.assertEqual(me["user"], self.user)
		details = browser.get(f"{server_url()}{SESSION}get_session_info", timeout=60).json()["message"]
		self.assertEqual((details["user"], details["auth_method"]), (self.user, "session"))
		self.assertTrue(details["expires_at"] and details["csrf_token"])
		headers = {"X-Frappe-CSRF-Token": details["csrf_token"]}
		refreshed = browser.post(f"{server_url()}{SESSION}refresh_session", headers=headers, timeout=60)
		self.assertEqual(refreshed.status_code, 200, refreshed.text)
		self.assertGreaterEqual(refreshed.json()["message"]["expires_at"], details["expires_at"])

		out = browser.post(f"{server_url()}{AUTH}logout", headers=headers, timeout=60)
		self.assertEqual((out.status_code, out.json()["message"]), (200, {"ok": True}))
		self.assertEqual(browser.get(f"{server_url()}{AUTH}get_user_info", timeout=60).status_code, 401)

	def test_bad_credentials_are_one_401_that_names_nothing(self):
		answers = [
			http("POST", AUTH + "login", json={"usr": self.user, "pwd": "wrong-password"}),
			http("POST", AUTH + "login", json={"usr": "nobody@crm-tests.example.com", "pwd": PASSWORD}),
			http("POST", AUTH + "login", json={"usr": self.disabled, "pwd": PASSWORD}),
			http("POST", AUTH + "login", json={"usr": self.user}),
		]
		self.assertEqual([a.status_code for a in answers], [401, 401, 401, 401])
		messages = {a.json()["exception"] for a in answers}
		self.assertEqual(len(messages), 1, messages)
		self.assertIn("Invalid username or password", messages.pop())

	def test_login_is_rate_limited_per_address(self):
		frappe.db.set_single_value("CRM Settings", "login_attempts_per_minute", 3)
		frappe.db.commit()
		frappe.cache.delete_keys("crm:rl:login")
		if time.time() % 60 > 55:  # start in a fresh one-minute window, so the count is exact
			time.sleep(60 - time.time() % 60 + 0.1)
		try:
			codes = [
				http("POST", AUTH + "login", json={"usr": self.user, "pwd": "guess"}).status_code
				for _ in range(4)
			]
			self.assertEqual(codes, [401, 401, 401, 429])
			refused = http("POST", AUTH + "login", json={"usr": self.user, "pwd": PASSWORD})
			self.assertEqual(refused.status_code, 429)  # even the right password waits
			self.assertTrue(int(refused.headers["Retry-After"]) >= 1)
			self.assertEqual(refused.headers["X-RateLimit-Limit"], "3")
			self.assertEqual(refused.headers["X-RateLimit-Remaining"], "0")
			self.assertTrue(refused.headers["X-RateLimit-Reset"].isdigit())
		finally:
			frappe.db.set_single_value("CRM Settings", "login_attempts_per_minute", 1000)
			frappe.db.commit()
			frappe.cache.delete_keys("crm:rl:login")

	def test_token_clients(self):
		info = http("GET", SESSION + "get_session_info", token=self.token).json()["message"]
		self.assertEqual((info["auth_method"], info["expires_at"]), ("api_key", None))
		self.assertEqual(
			http("GET", AUTH + "get_user_info", token=self.token).json()["message"]["user"], self.user
		)
		self.assertEqual(http("GET", SESSION + "get_session_info").status_code, 401)
		self.assertEqual(http("POST", AUTH + "logout").status_code, 401)
		self.assertEqual(http("POST", SESSION + "refresh_session", token=self.token).status_code, 200)
		self.assertEqual(
			http("POST", SESSION + "refresh_session", token="Bearer not-a-token").status_code, 401
		)
