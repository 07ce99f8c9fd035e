"""The rate limits (README, Configuration) over HTTP: per API key per minute, per user per hour, shared in Redis."""

import time
from concurrent.futures import ThreadPoolExecutor

import frappe
from frappe.utils import random_string

from crm.tests.utils import IntegrationTestCase, api_token, delete_test_data, http, make_user, server_url

INFO = "/api/method/crm.api.session.get_session_info"


def set_limits(**values) -> None:
	doc = frappe.get_doc("CRM Settings")
	doc.update(values)
	doc.save(ignore_permissions=True)
	frappe.db.commit()


def fresh_user(name: str) -> str:
	"""A new user per run: hourly counters outlive a test run in Redis."""
	return make_user(f"{name}-{random_string(6).lower()}", ("Sales User",))


def wait_for_a_fresh_minute(needed: float = 25) -> None:
	"""Fixed windows start on the minute: a test counting to a limit must not straddle two."""
	left = 60 - time.time() % 60
	if left < needed:
		time.sleep(left + 0.5)


class TestRateLimits(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		set_limits(rate_limits_enabled=1, requests_per_minute_per_key=100, requests_per_hour_per_user=1000)

	@classmethod
	def tearDownClass(cls) -> None:
		set_limits(rate_limits_enabled=1, requests_per_minute_per_key=100, requests_per_hour_per_user=1000)
		delete_test_data()
		super().tearDownClass()

	def test_every_answer_carries_the_headers(self):
		token = api_token(fresh_user("rl-headers"))
		wait_for_a_fresh_minute(5)
		first, second = http("GET", INFO, token=token), http("GET", INFO, token=token)
		self.assertEqual((first.status_code, second.status_code), (200, 200))
		self.assertEqual(first.headers["X-RateLimit-Limit"], "100")
		self.assertEqual(
			int(first.headers["X-RateLimit-Remaining"]) - 1, int(second.headers["X-RateLimit-Remaining"])
		)
		self.assertGreater(int(first.headers["X-RateLimit-Reset"]), time.time())
		self.assertNotIn("Retry-After", first.headers)
		error = http("GET", "/api/method/crm.api.contact.update_contact", token=token)  # an error answer too
		self.assertIn("X-RateLimit-Remaining", error.headers)

	def test_exactly_100_of_150_parallel_calls_on_one_key_succeed(self):
		token = api_token(fresh_user("rl-parallel"))
		site, _started = frappe.local.site, server_url()
		wait_for_a_fresh_minute()
		with ThreadPoolExecutor(max_workers=8) as pool:
			answers = list(pool.map(lambda _i: http("GET", INFO, token=token, site=site), range(150)))
		codes = [answer.status_code for answer in answers]
		self.assertEqual((codes.count(200), codes.count(429)), (100, 50), codes)
		refused = next(answer for answer in answers if answer.status_code == 429)
		self.assertEqual(refused.headers["X-RateLimit-Remaining"], "0")
		self.assertTrue(1 <= int(refused.headers["Retry-After"]) <= 60)
		self.assertEqual(refused.json()["exc_type"], "RateLimitExceededError")
		other_key = api_token(fresh_user("rl-parallel-other"))
		self.assertEqual(http("GET", INFO, token=other_key).status_code, 200)  # counted per key

	def test_the_hourly_limit_counts_every_key_of_a_user(self):
		set_limits(requests_per_hour_per_user=5)
		try:
			user = fresh_user("rl-hourly")
			first_key = api_token(user)
			codes = [http("GET", INFO, token=first_key).status_code for _ in range(3)]
			second_key = api_token(user)  # a new key for the same user
			codes += [http("GET", INFO, token=second_key).status_code for _ in range(3)]
			self.assertEqual(codes, [200, 200, 200, 200, 200, 429])
			refused = http("GET", INFO, token=second_key)
			self.assertEqual(refused.headers["X-RateLimit-Limit"], "5")
			self.assertGreater(int(refused.headers["Retry-After"]), 0)
		finally:
			set_limits(requests_per_hour_per_user=1000)

	def test_a_call_refused_by_the_minute_limit_does_not_count_against_the_hour(self):
		set_limits(requests_per_minute_per_key=2, requests_per_hour_per_user=5)
		try:
			user = fresh_user("rl-refused")
			first_key = api_token(user)
			wait_for_a_fresh_minute(10)
			codes = [http("GET", INFO, token=first_key).status_code for _ in range(4)]
			second_key = api_token(user)  # a new key for the same user: its own minute
			codes += [http("GET", INFO, token=second_key).status_code for _ in range(2)]
			self.assertEqual(codes, [200, 200, 429, 429, 200, 200])  # 4 of the hour's 5, not 6
			refused = http("GET", INFO, token=second_key)
			self.assertEqual(refused.status_code, 429)
			self.assertEqual(refused.headers["X-RateLimit-Limit"], "2")  # the minute's, not the hour's
		finally:
			set_limits(requests_per_minute_per_key=100, requests_per_hour_per_user=1000)

	def test_limits_are_configurable_and_can_be_switched_off(self):
		set_limits(requests_per_minute_per_key=3)
		try:
			token = api_token(fresh_user("rl-config"))
			wait_for_a_fresh_minute(10)
			codes = [http("GET", INFO, token=token).status_code for _ in range(4)]
			self.assertEqual(codes, [200, 200, 200, 429])
			set_limits(rate_limits_enabled=0)
			off = http("GET", INFO, token=token)
			self.assertEqual(off.status_code, 200)
			self.assertNotIn("X-RateLimit-Limit", off.headers)
		finally:
			set_limits(rate_limits_enabled=1, requests_per_minute_per_key=100)

	def test_calls_made_while_the_limits_are_off_count_once_they_are_on(self):
		"""A call counts itself as it starts, before it knows whether the limits are on
		(crm/common/call_start.py): switched on, they apply to the window's calls so far."""
		set_limits(requests_per_minute_per_key=3, rate_limits_enabled=0)
		try:
			token = api_token(fresh_user("rl-off-on"))
			wait_for_a_fresh_minute(10)
			off = [http("GET", INFO, token=token).status_code for _ in range(3)]
			set_limits(rate_limits_enabled=1)
			self.assertEqual((off, http("GET", INFO, token=token).status_code), ([200, 200, 200], 429))
		finally:
			set_limits(rate_limits_enabled=1, requests_per_minute_per_key=100)

	def test_guests_get_401_not_a_count(self):
		answer = http("GET", INFO)
		self.assertEqual(answer.status_code, 401)
		self.assertNotIn("X-RateLimit-Limit", answer.headers)
