"""The buckets' three lists are read together (crm/mobile/task_reads.py `first_rows_together`):
one `frappe.get_list` build of what the caller may read, each list's fixed filters written around
it (crm/core/task_queries.py `conditions_sql`). Each list must be what `frappe.get_list` answers
for it alone, for a seller in parts and for a manager, around midnight, finished or undated."""

import random
from datetime import datetime, time, timedelta
from unittest import mock

import frappe
from frappe.utils import getdate, nowdate

from crm.api import mobile_api
from crm.core import task_queries
from crm.mobile import task_reads
from crm.tests.utils import TaskFixtureCase, assign_in_bulk, bulk_tasks, make_user, share_task

STATUSES = ("Todo", "Done", "Backlog", "Canceled", "In Progress")
PRIORITIES = (("Low", 1), ("Medium", 2), ("High", 3))


class TestBucketsTogether(TaskFixtureCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.seller = make_user("buckets-seller", ("Sales User",))
		cls.other = make_user("buckets-other", ("Sales User",))
		cls.manager = make_user("buckets-manager", ("Sales Manager",))
		owned, assigned, hidden = (
			bulk_tasks(cls.seller, 20),
			bulk_tasks(cls.manager, 20),
			bulk_tasks(cls.other, 20),
		)
		assign_in_bulk(assigned, cls.seller)
		today = getdate(nowdate())
		midnight = datetime.combine(today, time())
		dues = (None, midnight, midnight - timedelta(microseconds=1), midnight + timedelta(days=1))
		dues += (midnight + timedelta(hours=23, minutes=59, seconds=59), midnight - timedelta(days=2))
		starts = (
			None,
			today,
			today - timedelta(days=1),
			today + timedelta(days=1),
			today + timedelta(days=3),
		)
		pick = random.Random(7).choice  # the same shapes every run
		for name in owned + assigned + hidden:
			priority, rank = pick(PRIORITIES)
			values = {"due_date": pick(dues), "start_date": pick(starts), "status": pick(STATUSES)}
			frappe.db.set_value(
				"CRM Task",
				name,
				{**values, "priority": priority, "priority_rank": rank},
				update_modified=False,
			)
		share_task(hidden[0], cls.seller)
		cls.tasks_written()

	def queries(self) -> list:
		today = getdate(nowdate())
		return [
			make(today)
			for make in (task_queries.today_query, task_queries.late_query, task_queries.upcoming_query)
		]

	def test_each_list_read_together_is_the_list_read_alone(self):
		"""`task_reads.rows` reads each list alone with its filters given to `frappe.get_list`."""
		for user in (self.seller, self.other, self.manager):
			frappe.set_user(user)
			for limit in (1, 2, 5, 100):
				with self.subTest(user=user, limit=limit):
					together = task_reads.first_rows_together(self.queries(), limit)
					alone = [task_reads.rows(query, limit=limit) for query in self.queries()]
					self.assertEqual(_names(together), _names(alone))
					self.assertTrue(all(len(rows) <= limit for rows in together))
		self.assertTrue(all(_names(task_reads.first_rows_together(self.queries(), 100))))

	def test_a_seller_sees_in_the_buckets_only_what_the_rule_allows(self):
		frappe.set_user(self.seller)
		readable = set(frappe.get_list("CRM Task", pluck="name", limit_page_length=0))
		shown = {
			name for rows in _names(task_reads.first_rows_together(self.queries(), 100)) for name in rows
		}
		self.assertTrue(shown)
		self.assertLessEqual(shown, {int(name) for name in readable})

	def test_home_is_todays_list_read_as_the_buckets_read_it(self):
		"""One build and one statement for a manager too, where sorting today's keys first took three
		builds and two statements."""
		for user in (self.seller, self.manager):
			frappe.set_user(user)
			for limit in (1, 3, 100):
				with self.subTest(user=user, limit=limit):
					home = [task["name"] for task in mobile_api.home_tasks(limit=limit)["today"]]
					alone = task_reads.rows(self.queries()[0], limit=limit)
					self.assertEqual(home, [int(row.name) for row in alone])
			mobile_api.home_tasks()  # the caller's parts are kept
			with (
				mock.patch.object(frappe, "get_list", wraps=frappe.get_list) as built,
				mock.patch.object(frappe.db, "sql", wraps=frappe.db.sql) as ran,
			):
				mobile_api.home_tasks()
			self.assertEqual(
				len([made for made in built.call_args_list if made.args[:1] == ("CRM Task",)]), 1
			)
			statements = [call for call in ran.call_args_list if call.kwargs.get("run", True) is not False]
			self.assertEqual(len([call for call in statements if "tabCRM Task" in str(call.args[0])]), 1)

	def test_the_buckets_build_the_callers_select_once(self):
		for user in (self.seller, self.manager):
			frappe.set_user(user)
			with self.subTest(user=user):
				task_reads.first_rows_together(self.queries(), 5)  # the caller's parts are kept
				with mock.patch.object(frappe, "get_list", wraps=frappe.get_list) as built:
					task_reads.first_rows_together(self.queries(), 5)
				tasks_built = [made for made in built.call_args_list if made.args[:1] == ("CRM Task",)]
				self.assertEqual(len(tasks_built), 1)


def _names(lists: list[list]) -> list[list[int]]:
	return [[int(row.name) for row in rows] for rows in lists]
