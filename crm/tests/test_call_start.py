"""A signed-in `crm.api` call sends its first Redis commands in one round trip
(crm/common/call_start.py): the caller's language, CRM Settings, the rate-limit counts and the
caller's task tokens; each module reads the same value it would read itself."""

from contextlib import contextmanager
from unittest import mock

import frappe
import redis

from crm.common import app_settings, auth, call_start, ratelimit, task_versions
from crm.core.memo import MISSING
from crm.tests.utils import IntegrationTestCase, api_token, delete_test_data, http, make_user

SYNC = "/api/method/crm.api.mobile_api.sync_tasks"


class TestCallStart(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.seller = make_user("call-start-seller", ("Sales User",), language="ar")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	@contextmanager
	def in_a_call(self, path: str = SYNC):
		"""As in an HTTP request of the seller to `path`; after it, no request and nothing kept."""
		frappe.set_user(self.seller)
		frappe.local.request = mock.Mock(path=path, headers={})
		try:
			yield
		finally:
			frappe.local.request = None
			frappe.local.crm_call_start = None
			frappe.local.crm_task_versions = None
			frappe.set_user("Administrator")

	def test_a_call_sends_its_first_commands_in_one_round_trip(self):
		token = api_token(self.seller)  # saving the user drops their language from the cache
		self.assertEqual(http("GET", SYNC, token=token).status_code, 200)  # which this call keeps again
		with (
			mock.patch.object(call_start, "send", wraps=call_start.send) as sent,
			mock.patch.object(ratelimit, "_add", wraps=ratelimit._add) as counted_alone,
			mock.patch.object(app_settings, "get", wraps=app_settings.get) as settings_read_alone,
			mock.patch.object(frappe.cache, "get", wraps=frappe.cache.get) as got_alone,
			mock.patch.object(frappe.cache, "hget", wraps=frappe.cache.hget) as hashes_read_alone,
		):
			answer = http("GET", SYNC, token=token)
		self.assertEqual(answer.status_code, 200, answer.text)
		self.assertEqual(sent.call_count, 1)
		slots = {command.slot for command in sent.call_args.args[0]} - {None}
		self.assertEqual(
			slots,
			{
				"caller-language",
				"crm-settings",
				"rate-limit:key",
				"rate-limit:user",
				f"task-version:{self.seller}",
				f"task-version:{task_versions.EVERY_TASK}",
			},
		)
		self.assertEqual((counted_alone.call_count, settings_read_alone.call_count), (0, 0))
		self.assertFalse([call for call in got_alone.call_args_list if b"crm:task-version:" in call.args[0]])
		self.assertFalse(
			[call for call in hashes_read_alone.call_args_list if call.args[0] == auth.LANGUAGE_CACHE]
		)
		self.assertIn("X-RateLimit-Remaining", answer.headers)

	def test_each_answer_is_what_its_module_reads_itself(self):
		task_versions.token(self.seller)  # the seller has a token in Redis
		with self.in_a_call():
			call_start.send_for_call()
			ahead = {
				"language": auth.answer_language(self.seller),
				"limit": app_settings.at_call_start("requests_per_minute_per_key"),
				"token": task_versions.token(self.seller),
			}
			frappe.local.crm_call_start = frappe.local.crm_task_versions = None  # as if nothing was sent
			alone = {
				"language": auth.answer_language(self.seller),
				"limit": app_settings.at_call_start("requests_per_minute_per_key"),
				"token": task_versions.token(self.seller),
			}
		self.assertEqual(ahead, alone)
		self.assertEqual(ahead["language"], "ar")

	def test_a_call_is_counted_once_as_it_starts(self):
		with self.in_a_call():
			call_start.send_for_call()
			key_count, at = call_start.answer("rate-limit:key")
			user_count, _at = call_start.answer("rate-limit:user")
			with mock.patch.object(ratelimit, "_add", wraps=ratelimit._add) as counted_again:
				self.assertEqual(ratelimit._counted(*ratelimit._call_limits()), (at, [key_count, user_count]))
			self.assertEqual(counted_again.call_count, 0)

	def test_a_request_never_reads_another_requests_answers(self):
		with self.in_a_call():
			call_start.send_for_call()
			self.assertIsNot(call_start.answer("crm-settings"), MISSING)
			frappe.local.request = mock.Mock(path=SYNC, headers={})  # the next request of this thread
			self.assertIs(call_start.answer("crm-settings"), MISSING)

	def test_nothing_is_sent_ahead_outside_an_app_call(self):
		with self.in_a_call("/api/method/frappe.auth.get_logged_user"):
			call_start.send_for_call()
			self.assertIs(call_start.answer("crm-settings"), MISSING)
		call_start.send([call_start.Command("get", (b"crm-test-no-key",), "slot")])  # no request
		self.assertIs(call_start.answer("slot"), MISSING)

	def test_when_redis_fails_each_module_reads_for_itself(self):
		failing = mock.Mock(side_effect=redis.exceptions.ConnectionError("down"))
		with self.in_a_call(), mock.patch("redis.client.Pipeline.execute", failing):
			call_start.send_for_call()
			self.assertIs(call_start.answer("caller-language"), MISSING)
			self.assertEqual(auth.answer_language(self.seller), "ar")
		self.assertEqual(failing.call_count, 1)
