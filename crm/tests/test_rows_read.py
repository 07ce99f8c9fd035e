"""No mobile endpoint fetches more rows from the database than it returns.

Counts come from SQL COUNT and deep pages skip rows inside the database, so what a list endpoint
fetches is bounded by its page, never by the size of the table. A Sales User's later pages are
read in parts (crm/mobile/task_reads.py): each part's keys up to the page's end (name and sort
value, from the index), then the page's rows. Measured by MariaDB's
per-connection `Rows_sent` (rows the database sent to this process) around each in-process call,
on a Sales User with 600 tasks.
"""

import unittest
from datetime import timedelta

import frappe

from crm.api import mobile_api
from crm.common import task_versions
from crm.mobile import tasks
from crm.tests.utils import IntegrationTestCase, bulk_tasks, delete_test_data, make_user

OWN_TASKS = 600
# Rows a call may fetch besides its answer: Frappe's own lookups on a warm cache (the caller's
# shared documents, settings) and the SHOW STATUS row itself.
OVERHEAD = 4


def rows_sent() -> int:
	return int(frappe.db.sql("show session status like 'Rows_sent'")[0][1])


class TestRowsRead(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		if frappe.db.db_type != "mariadb":
			raise unittest.SkipTest("Rows_sent is MariaDB's")
		cls.user = make_user("rows-reader", ("Sales User",))
		names = bulk_tasks(cls.user, OWN_TASKS)
		today = tasks.site_today()
		task = frappe.qb.DocType("CRM Task")
		for offset, dates in (
			(0, {"start_date": today}),  # today
			(1, {"due_date": today - timedelta(days=3)}),  # late
			(2, {"start_date": today + timedelta(days=10)}),  # upcoming
		):
			update = frappe.qb.update(task).where(task.name.isin(names[offset::3]))
			for field, value in dates.items():
				update = update.set(task[field], value)
			update.run()
		frappe.db.commit()
		task_versions.renew_every_version()  # written around CRM Task's hooks

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		frappe.set_user(self.user)

	def tearDown(self) -> None:
		frappe.set_user("Administrator")

	def fetched(self, call) -> tuple[int, dict]:
		call()  # warm Frappe's caches, as a phone's second request finds them
		before = rows_sent()
		answer = call()
		return rows_sent() - before, answer

	def assert_bounded(self, call, extra: int, returned_key: str = "data") -> None:
		fetched, answer = self.fetched(call)
		returned = sum(len(answer[key]) for key in returned_key.split(","))
		self.assertGreater(returned, 0)
		self.assertLessEqual(fetched, returned + extra + OVERHEAD, f"fetched {fetched} for {returned}")

	def test_pages_fetch_the_page_and_one_count_row(self):
		self.assert_bounded(lambda: mobile_api.filter_tasks(limit=20, page=1), extra=1)
		# the owned part's keys up to the page's end (the assigned part is empty here)
		self.assert_bounded(lambda: mobile_api.filter_tasks(limit=20, page=12), extra=12 * 20 + 1)
		self.assert_bounded(lambda: mobile_api.filter_tasks(limit=50, status="Todo"), extra=1)

	def test_a_deep_page_fetches_its_names_then_its_rows(self):
		answer = mobile_api.filter_tasks(limit=20, page=27)  # offset 520: found by names first
		self.assertEqual(answer["total"], OWN_TASKS)
		self.assertEqual(len(answer["data"]), 20)
		expected = frappe.get_list(  # the same page by plain OFFSET, in the same order
			"CRM Task",
			order_by="`tabCRM Task`.`modified` desc, `tabCRM Task`.`name` desc",
			limit_start=520,
			limit_page_length=20,
			pluck="name",
		)
		self.assertEqual([task["name"] for task in answer["data"]], [int(name) for name in expected])
		self.assert_bounded(lambda: mobile_api.filter_tasks(limit=20, page=27), extra=27 * 20 + 1 + 2)

	def test_cursor_pages_fetch_one_row_beyond_the_page(self):
		cursor = mobile_api.filter_tasks(limit=20, page=1)["next_cursor"]
		self.assert_bounded(lambda: mobile_api.filter_tasks(limit=20, cursor=cursor), extra=1 + 1)
		self.assert_bounded(lambda: mobile_api.sync_tasks(limit=50), extra=1, returned_key="tasks")

	def test_home_and_buckets_fetch_what_they_show(self):
		self.assert_bounded(lambda: mobile_api.home_tasks(limit=5), extra=0, returned_key="today")
		# upcoming may read tomorrow's, then one start date per task shown (10 days out here)
		self.assert_bounded(
			lambda: mobile_api.main_page_buckets(min_each=5), extra=5, returned_key="today,late,upcoming"
		)
