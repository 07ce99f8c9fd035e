"""What differs between Frappe versions and databases, pinned down: permission-hook answers, error
answers, the site cache, an unreachable database, ids on SQLite. Each test failed on the cell
where its problem was found (see the CHANGELOG)."""

from datetime import datetime
from types import SimpleNamespace
from unittest.mock import patch

import frappe
from frappe.database.database import Database
from frappe.utils import random_string

from crm.common import last_active, outage, ratelimit, sqlite_sequences
from crm.tests.utils import (
	IntegrationTestCase,
	api_token,
	as_if_inactive_since,
	delete_email_test_data,
	delete_test_data,
	http,
	last_active_of,
	make_task,
	make_user,
	set_last_active,
)

INFO = "/api/method/crm.api.session.get_session_info"
EDIT = "/api/method/crm.api.mobile_api.edit_task"


def set_traceback_setting(allowed: int) -> None:
	frappe.db.set_single_value("System Settings", "allow_error_traceback", allowed)
	frappe.clear_cache()
	frappe.db.commit()


class TestErrorAnswers(IntegrationTestCase):
	"""No `crm.api.*` answer carries a traceback, whatever System Settings say (Frappe v15 adds one
	to every error answer while "Allow Error Traceback" is on, v16 to desk users')."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.before = frappe.db.get_single_value("System Settings", "allow_error_traceback")
		set_traceback_setting(1)
		cls.manager = api_token(make_user("platform-sysman", ("System Manager", "Sales Manager")))

	@classmethod
	def tearDownClass(cls) -> None:
		set_traceback_setting(cls.before or 0)
		delete_test_data()
		super().tearDownClass()

	def assertNoTraceback(self, answer: dict) -> None:
		self.assertNotIn("exc", answer)
		self.assertNotIn("_exc_source", answer)
		self.assertNotIn("Traceback", answer["exception"])
		self.assertEqual(len(answer["exception"].splitlines()), 1)

	def test_a_guest_401_names_its_reason_and_no_traceback(self):
		answer = http("GET", INFO, token="token nokey:nosecret")
		self.assertEqual(answer.status_code, 401)
		self.assertNoTraceback(answer.json())
		self.assertIn("Invalid or expired token", answer.json()["exception"])

	def test_a_system_managers_404_and_417_carry_no_traceback(self):
		missing = http("POST", EDIT, token=self.manager, json={"task_id": 987654321, "title": "x"})
		self.assertEqual(missing.status_code, 404)
		self.assertNoTraceback(missing.json())
		self.assertTrue(missing.json()["exception"].startswith("frappe.exceptions.DoesNotExistError: "))
		invalid = http("POST", EDIT, token=self.manager, json={"task_id": 1, "status": "Nope"})
		self.assertEqual(invalid.status_code, 417)
		self.assertNoTraceback(invalid.json())


class TestUnreachableDatabase(IntegrationTestCase):
	"""A database that cannot be reached answers 503 with Retry-After, not 500."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.token = api_token(make_user("platform-outage", ("Sales User",)))

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def test_503_with_retry_after_while_the_database_is_down(self):
		def refuse(self, *args, **kwargs):
			raise self.OperationalError("crm-test: the database is down")

		self.assertEqual(http("GET", INFO, token=self.token).status_code, 200)
		with (  # no connection opens, no query of the served request runs
			patch.object(Database, "connect", refuse),
			patch.object(Database, "sql", refuse),
		):
			answer = http("GET", INFO, token=self.token)
		self.assertEqual(answer.status_code, 503)
		self.assertGreater(int(answer.headers["Retry-After"]), 0)
		self.assertNotIn("exc", answer.json())
		self.assertEqual(http("GET", INFO, token=self.token).status_code, 200)

	def test_a_write_that_loses_the_database_midway_is_503(self):
		"""Frappe would roll the failed POST back on the dead connection and crash into a bare 500."""

		def lost(*args, **kwargs):
			raise frappe.db.OperationalError(2013, "crm-test: lost connection during query")

		body = {"title": "crm-test outage", "task_type": "Call"}
		with (
			patch("crm.mobile.tasks.insert_task", lost),
			patch("crm.common.outage.database_reachable", side_effect=[True, False, False]),
		):
			answer = http("POST", "/api/method/crm.api.mobile_api.create_task", token=self.token, json=body)
		self.assertEqual(answer.status_code, 503)
		self.assertGreater(int(answer.headers["Retry-After"]), 0)
		self.assertEqual(answer.json()["exc_type"], "DatabaseUnavailable")

	def test_a_call_whose_connection_is_open_asks_the_database_nothing_more(self):
		"""A connection this request opened has just answered: no probe follows."""
		frappe.db.sql("select 1")  # open, as after a session resumed from the database
		asked = []
		with (
			patch.object(frappe.local, "request", SimpleNamespace(path=INFO), create=True),
			patch.object(Database, "sql", lambda self, query, *a, **k: asked.append(query)),
		):
			outage.refuse_when_database_unreachable()
		self.assertEqual(asked, [])


class TestLastActive(IntegrationTestCase):
	"""A token call writes its caller's last activity at most every ten minutes, on every version:
	Frappe 16 wrote it, and committed, after every token call (crm/common/last_active.py)."""

	LONG_AGO = datetime(2000, 1, 1)

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.users = [make_user(f"platform-active-{n}", ("Sales User",)) for n in (1, 2)]
		cls.tokens = [api_token(user) for user in cls.users]

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		as_if_inactive_since(self.users, self.LONG_AGO)

	def call(self, token: str) -> None:
		self.assertEqual(http("GET", INFO, token=token).status_code, 200)

	def test_the_first_call_writes_and_the_next_ones_do_not(self):
		self.call(self.tokens[0])
		self.assertGreater(last_active_of(self.users[0]), self.LONG_AGO)
		set_last_active(self.users[:1], self.LONG_AGO)  # the write stays claimed
		for _call in range(3):
			self.call(self.tokens[0])
		self.assertEqual(last_active_of(self.users[0]), self.LONG_AGO)

	def test_each_caller_has_their_own_ten_minutes(self):
		if not last_active.needed():
			self.skipTest("Frappe 15 throttles every token call together (the shared Guest session)")
		self.call(self.tokens[0])
		self.call(self.tokens[1])
		self.assertGreater(last_active_of(self.users[1]), self.LONG_AGO)


class TestSiteCache(IntegrationTestCase):
	def test_rate_limit_counters_outlive_a_cleared_site_cache(self):
		"""A User save clears the site cache; the counters must not reset with it."""
		for _try in range(3):  # again if the minute turned between the two hits
			identity = random_string(12)
			first = ratelimit.hit("key", identity, 100, 60)
			frappe.clear_cache()
			second = ratelimit.hit("key", identity, 100, 60)
			if second.reset_at == first.reset_at:
				break
		self.assertEqual(second.remaining, first.remaining - 1)


class TestCommunicationRule(IntegrationTestCase):
	"""Frappe v15 stops at the first has_permission hook that answers; v16 asks them all."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("platform-alice", ("Sales User",))
		cls.bob = make_user("platform-bob", ("Sales User",))
		frappe.set_user(cls.alice)
		cls.task = make_task(title="crm-test platform alice")
		frappe.set_user("Administrator")
		cls.email = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_medium": "Email",
				"communication_type": "Communication",
				"subject": "crm-test platform",
				"reference_doctype": "CRM Task",
				"reference_name": cls.task.name,
				"sent_or_received": "Sent",
			}
		).insert(ignore_permissions=True)

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.db.rollback()
		delete_email_test_data()
		delete_test_data()
		super().tearDownClass()

	def test_another_sellers_email_is_not_readable(self):
		for right in ("read", "write", "email"):
			self.assertFalse(frappe.has_permission("Communication", right, doc=self.email, user=self.bob))
		self.assertTrue(frappe.has_permission("Communication", "read", doc=self.email, user=self.alice))


class TestSQLiteIds(IntegrationTestCase):
	"""CRM Task ids on SQLite while Frappe has no sequence emulation (crm/common/sqlite_sequences.py)."""

	def setUp(self) -> None:
		if not sqlite_sequences.needed():
			self.skipTest(
				f"{frappe.db.db_type}: Frappe names CRM Tasks itself (a native sequence, or Frappe's own"
				" SQLite emulation)"
			)

	def test_ids_are_consecutive_and_kept_in_frappes_table(self):
		first, second = make_task().name, make_task().name
		self.assertEqual(second, first + 1)
		stored = frappe.db.sql(
			f"select current from `{sqlite_sequences.TABLE}` where name = 'crm_task_id_seq'"
		)[0][0]
		self.assertEqual(stored, second)

	def test_a_block_reservation_continues_the_counter(self):
		before = make_task().name
		first = sqlite_sequences.reserve("CRM Task", 5)
		self.assertEqual(first, before + 1)
		self.assertEqual(make_task().name, before + 6)

	def test_a_first_use_starts_after_the_largest_existing_id(self):
		task = make_task()
		frappe.db.sql(f"delete from `{sqlite_sequences.TABLE}` where name = 'crm_task_id_seq'")
		self.assertEqual(make_task().name, task.name + 1)
