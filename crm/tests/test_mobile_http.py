"""Tier 2 over HTTP: status codes, headers, bodies and OAuth, as the Flutter app sees them."""

import json
from datetime import datetime

import frappe

from crm.tests.utils import (
	PASSWORD,
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	as_if_inactive_since,
	delete_test_data,
	fresh_snapshot,
	http,
	last_active_of,
	make_user,
	set_last_active,
)

BASE = "/api/method/crm.api.mobile_api."
NON_GUEST = {
	"home_tasks": "GET",
	"filter_tasks": "GET",
	"main_page_buckets": "GET",
	"create_task": "POST",
	"edit_task": "POST",
	"update_status": "POST",
	"delete_task": "POST",
}


def message(response):
	return response.json()["message"]


class TestMobileHTTP(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("http-alice", ("Sales User",))
		cls.bob = make_user("http-bob", ("Sales User",))
		cls.outsider = make_user("http-outsider", ())
		settings = frappe.get_single("Mobile OAuth Settings")
		cls.saved_settings = settings.as_dict()
		settings.redirect_uri = "app.trust://oauth2redirect"
		settings.save()
		cls.client_id = settings.create_oauth_client()
		frappe.db.commit()
		cls.alice_token = api_token(cls.alice)
		cls.bob_token = api_token(cls.bob)
		cls.outsider_token = api_token(cls.outsider)

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		frappe.delete_doc("OAuth Client", cls.client_id, force=True, ignore_permissions=True)
		frappe.db.delete("Singles", {"doctype": "Mobile OAuth Settings"})
		for field in ("client_id", "scope", "redirect_uri", "app_name"):
			if cls.saved_settings.get(field):
				frappe.db.set_single_value("Mobile OAuth Settings", field, cls.saved_settings[field])
		frappe.db.commit()
		super().tearDownClass()

	def create(self, token=None, **values):
		response = http(
			"POST",
			BASE + "create_task",
			token=token or self.alice_token,
			json={"title": f"{TITLE_MARK} http", "task_type": "Call"} | values,
		)
		self.assertEqual(response.status_code, 200, response.text)
		return message(response)

	# --- 401 ----------------------------------------------------------------------------

	def test_guest_gets_401_on_every_non_guest_endpoint(self):
		for endpoint, method in NON_GUEST.items():
			with self.subTest(endpoint):
				response = http(method, BASE + endpoint, json={"task_id": 1})
				self.assertEqual(response.status_code, 401, response.text)
				self.assertIn("Bearer", response.headers.get("WWW-Authenticate", ""))
				body = response.json()
				self.assertEqual(body["exc_type"], "AuthenticationError")
				self.assertIn("AuthenticationError", body["exception"])

	def test_bad_or_expired_credentials_get_401(self):
		for token in (
			"Bearer not-a-real-token",
			"token nokey:nosecret",
			f"token {self.alice_token.split()[1].split(':')[0]}:wrong",
		):
			with self.subTest(token):
				response = http("GET", BASE + "home_tasks", token=token)
				self.assertEqual(response.status_code, 401)
				self.assertIn("Invalid or expired token", response.json()["exception"])

	# --- OAuth --------------------------------------------------------------------------

	def test_get_oauth_config_is_open_to_guests(self):
		response = http("GET", BASE + "get_oauth_config")
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(
			message(response),
			{
				"client_id": self.client_id,
				"scope": "all openid",
				"redirect_uri": "app.trust://oauth2redirect",
			},
		)

	def test_password_grant_token_calls_home_tasks_and_refreshes(self):
		grant = {
			"grant_type": "password",
			"username": self.alice,
			"password": PASSWORD,
			"client_id": self.client_id,
			"scope": "all openid",
		}
		token = http("POST", "/api/method/frappe.integrations.oauth2.get_token", data=grant)
		self.assertEqual(token.status_code, 200, token.text)
		tokens = token.json()
		self.assertEqual(tokens["token_type"], "Bearer")
		self.create(title=f"{TITLE_MARK} oauth", start_date=frappe.utils.nowdate())

		home = http("GET", BASE + "home_tasks?limit=5", token=f"Bearer {tokens['access_token']}")
		self.assertEqual(home.status_code, 200, home.text)
		self.assertEqual(message(home)["limit"], 5)
		self.assertIn(f"{TITLE_MARK} oauth", [row["title"] for row in message(home)["today"]])

		refresh = {
			"grant_type": "refresh_token",
			"refresh_token": tokens["refresh_token"],
			"client_id": self.client_id,
		}
		renewed = http("POST", "/api/method/frappe.integrations.oauth2.get_token", data=refresh)
		self.assertEqual(renewed.status_code, 200, renewed.text)
		again = http("GET", BASE + "home_tasks", token=f"Bearer {renewed.json()['access_token']}")
		self.assertEqual(again.status_code, 200, again.text)

	def test_bearer_calls_write_last_activity_at_most_every_ten_minutes(self):
		"""Frappe 16 wrote it, and committed, after every bearer call (crm/common/last_active.py)."""
		grant = {"grant_type": "password", "username": self.alice, "password": PASSWORD}
		grant.update(client_id=self.client_id, scope="all openid")
		token = http("POST", "/api/method/frappe.integrations.oauth2.get_token", data=grant)
		bearer = f"Bearer {token.json()['access_token']}"
		long_ago = datetime(2000, 1, 1)
		as_if_inactive_since([self.alice], long_ago)
		self.assertEqual(http("GET", BASE + "home_tasks", token=bearer).status_code, 200)
		self.assertGreater(last_active_of(self.alice), long_ago)
		set_last_active([self.alice], long_ago)  # the write stays claimed
		for _call in range(2):
			self.assertEqual(http("GET", BASE + "home_tasks", token=bearer).status_code, 200)
		self.assertEqual(last_active_of(self.alice), long_ago)

	def test_wrong_password_gets_no_token(self):
		grant = {
			"grant_type": "password",
			"username": self.alice,
			"password": "wrong",
			"client_id": self.client_id,
		}
		response = http("POST", "/api/method/frappe.integrations.oauth2.get_token", data=grant)
		self.assertNotEqual(response.status_code, 200)
		self.assertNotIn("access_token", response.text)

	# --- status codes -------------------------------------------------------------------

	def test_417_names_the_field(self):
		cases = [
			({"title": f"{TITLE_MARK} x", "task_type": "General"}, "Task Type cannot be General"),
			({"title": f"{TITLE_MARK} x", "task_type": "Call", "status": "Completed"}, "Status"),
			({"title": f"{TITLE_MARK} x", "task_type": "Call", "priority": "Urgent"}, "Priority"),
			({"title": f"{TITLE_MARK} x", "task_type": "Call", "start_date": "2025-13-45"}, "Start Date"),
			({"title": "", "task_type": "Call"}, "Task title is required"),
		]
		for body, text in cases:
			with self.subTest(text):
				response = http("POST", BASE + "create_task", token=self.alice_token, json=body)
				self.assertEqual(response.status_code, 417, response.text)
				self.assertIn(text, response.json()["exception"])
				self.assertIn(text, response.json()["_server_messages"])
		response = http(
			"GET", BASE + "filter_tasks", token=self.alice_token, params={"order_by": "owner asc"}
		)
		self.assertEqual(response.status_code, 417)

	def test_404_403_and_never_500(self):
		bobs = self.create(token=self.bob_token)
		cases = [
			("POST", "edit_task", self.alice_token, {"task_id": 99999999, "title": "x"}, 404),
			("POST", "delete_task", self.alice_token, {"task_id": 99999999}, 404),
			("POST", "edit_task", self.alice_token, {"task_id": bobs["name"], "title": "x"}, 403),
			("POST", "update_status", self.alice_token, {"task_id": bobs["name"], "status": "Done"}, 403),
			("POST", "delete_task", self.alice_token, {"task_id": bobs["name"]}, 403),
			("POST", "create_task", self.outsider_token, {"title": "x", "task_type": "Call"}, 403),
			("GET", "filter_tasks", self.outsider_token, None, 403),
			("POST", "edit_task", self.alice_token, {"task_id": "abc"}, 417),
			("POST", "edit_task", self.alice_token, {"task_id": [1, 2]}, 417),
			("GET", "create_task", self.alice_token, None, 403),  # writes only by POST
		]
		for method, endpoint, token, body, code in cases:
			with self.subTest(endpoint=endpoint, body=body):
				response = http(method, BASE + endpoint, token=token, json=body)
				self.assertEqual(response.status_code, code, response.text)
		fresh_snapshot()
		self.assertEqual(frappe.db.get_value("CRM Task", bobs["name"], "status"), "Todo")

	def test_pagination_never_crashes_over_http(self):
		for query in ("page=abc&limit=", "page=-1&limit=0", "page=null&limit=undefined", "page=1&limit=5000"):
			with self.subTest(query):
				response = http("GET", BASE + f"filter_tasks?{query}", token=self.alice_token)
				self.assertEqual(response.status_code, 200, response.text)
				self.assertLessEqual(message(response)["page_size"], 100)

	# --- bodies and the documented answers ---------------------------------------------------

	def test_json_and_form_bodies_and_delete_ok(self):
		task = self.create(priority="High", start_date="2025-12-05", description="Discuss")
		self.assertEqual(
			(task["priority"], task["start_date"], task["status"]), ("High", "2025-12-05", "Todo")
		)

		form = http(
			"POST",
			BASE + "edit_task",
			token=self.alice_token,
			data={"task_id": str(task["name"]), "priority": "Medium"},
		)
		self.assertEqual(form.status_code, 200, form.text)
		self.assertEqual(message(form)["priority"], "Medium")

		status = http(
			"POST",
			BASE + "update_status",
			token=self.alice_token,
			json={"name": task["name"], "status": "Done"},
		)
		self.assertEqual(message(status)["status"], "Done")

		deleted = http("POST", BASE + "delete_task", token=self.alice_token, json={"task_id": task["name"]})
		self.assertEqual(deleted.status_code, 200, deleted.text)
		self.assertEqual(deleted.json(), {"message": f"Task {task['name']} deleted successfully", "ok": True})

	def test_seed_quick_test_sequence(self):
		for i in range(12):
			self.create(title=f"{TITLE_MARK} seq {i}", priority="High", status="Todo")
		page1 = message(http("GET", BASE + "filter_tasks?page=1&limit=10", token=self.alice_token))
		page2 = message(http("GET", BASE + "filter_tasks?page=2&limit=10", token=self.alice_token))
		self.assertEqual((page1["page"], page1["page_size"], page1["has_next"]), (1, 10, True))
		self.assertEqual(page1["total"], page2["total"])
		self.assertFalse({r["name"] for r in page1["data"]} & {r["name"] for r in page2["data"]})
		filtered = message(
			http(
				"GET",
				BASE + "filter_tasks?importance=High&status=Todo&page=1&limit=20",
				token=self.alice_token,
			)
		)
		self.assertTrue(all(r["priority"] == "High" and r["status"] == "Todo" for r in filtered["data"]))
		buckets = message(http("GET", BASE + "main_page_buckets?min_each=3", token=self.alice_token))
		self.assertEqual(set(buckets), {"today", "late", "upcoming", "min_each"})
		json.dumps(buckets)
