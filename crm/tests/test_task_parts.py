"""A Sales User's task lists are read in parts (owned, assigned by someone else, shared in Desk)
and merged (crm/mobile/task_reads.py): every page, order and cursor walk must equal what one query
under CRM Task's permission rule answers, and `total` counts to its cap."""

from datetime import timedelta
from unittest import mock

import frappe
from frappe.utils import add_days, getdate, now_datetime, nowdate

from crm.api import mobile_api
from crm.common import read_hints, task_versions
from crm.mobile import task_reads
from crm.tests.utils import (
	IntegrationTestCase,
	TaskFixtureCase,
	assign_in_bulk,
	bulk_tasks,
	delete_test_data,
	make_user,
	share_task,
)

ORDERS = ("modified desc", "priority desc", "due_date asc", "start_date desc", "name asc", "title asc")


class TeamTasks(TaskFixtureCase):
	"""A seller's own tasks, a manager's assigned to them, a task shared with them in Desk."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.seller = make_user("parts-seller", ("Sales User",))
		cls.manager = manager = make_user("parts-manager", ("Sales Manager",))
		owned = bulk_tasks(cls.seller, 25)
		assigned = bulk_tasks(manager, 25)
		hidden = bulk_tasks(manager, 10)
		cls.shared = hidden[0]
		assign_in_bulk(assigned + owned[:5], cls.seller)  # some of their own too: counted once
		for index, name in enumerate(owned + assigned):  # dates and priorities with gaps and ties
			values = {"priority": ("Low", "Medium", "High")[index % 3], "priority_rank": index % 3 + 1}
			if index % 4:
				values["due_date"] = f"{add_days(nowdate(), index % 7 - 3)} 10:00:00"
			if index % 5:
				values["start_date"] = add_days(nowdate(), index % 9 - 4)
			frappe.db.set_value("CRM Task", name, values, update_modified=False)
		share_task(cls.shared, cls.seller)
		cls.visible = {*owned, *assigned, cls.shared}
		cls.tasks_written()

	def setUp(self) -> None:
		read_hints.forget("task-bound")  # each test finds its parts' bounds itself
		frappe.set_user(self.seller)


class TestTaskParts(TeamTasks):
	def one_query(self, order_by: str) -> list[int]:
		"""The list as one query under the permission rule answers it."""
		answer = mobile_api.filter_tasks(limit=100, order_by=order_by)
		query = frappe.get_list(
			"CRM Task",
			fields=["name"],
			order_by=_sql_order(order_by),
			limit_page_length=0,
			pluck="name",
		)
		self.assertEqual(answer["total"], len(query))
		return [int(name) for name in query]

	def test_every_task_the_rule_allows_once(self):
		answer = mobile_api.filter_tasks(limit=100)
		self.assertEqual({task["name"] for task in answer["data"]}, self.visible)
		self.assertEqual(len(answer["data"]), len(self.visible))
		self.assertEqual(answer["total"], len(self.visible))
		self.assertTrue(answer["total_exact"])

	def test_a_list_is_built_once_with_the_callers_permissions_whatever_its_parts(self):
		"""Three parts, one `frappe.get_list` build per list: each part narrows what it selects
		(crm/core/task_queries.part_sql). A page; and the buckets' three lists, built once together
		(crm/tests/test_task_buckets.py)."""
		self.assertEqual(len(task_reads.visible()), 3)
		for call, lists in (
			(lambda: mobile_api.filter_tasks(limit=10), 1),
			(mobile_api.main_page_buckets, 1),
		):
			first = call()  # counts the total and keeps it, as a phone's first call does
			with mock.patch.object(frappe, "get_list", wraps=frappe.get_list) as built:
				self.assertEqual(call(), first)
			tasks_built = [made for made in built.call_args_list if made.args[:1] == ("CRM Task",)]
			self.assertEqual(len(tasks_built), lists)

	def test_each_page_has_the_lists_total_and_the_last_counts_nothing(self):
		"""The last page tells the total from its own rows (task_reads.page_total); every other page,
		and one past the end, counts: all give the same total, capped alike."""
		pages = -(-len(self.visible) // 10)
		for page in range(1, pages + 2):
			with self.subTest(page=page):
				with mock.patch.object(task_reads, "total", wraps=task_reads.total) as counting:
					answer = mobile_api.filter_tasks(limit=10, page=page)
				self.assertEqual((answer["total"], answer["total_exact"]), (len(self.visible), True))
				self.assertEqual(counting.called, page != pages)
		with mock.patch.object(task_reads, "TOTAL_CAP", 3):
			answer = mobile_api.filter_tasks(limit=10, page=pages)
		self.assertEqual((answer["total"], answer["total_exact"]), (3, False))

	def test_pages_in_every_order_equal_one_query(self):
		for order_by in ORDERS:
			with self.subTest(order_by=order_by):
				expected = self.one_query(order_by)
				pages = [
					mobile_api.filter_tasks(limit=7, page=page, order_by=order_by) for page in range(1, 10)
				]
				walked = [task["name"] for answer in pages for task in answer["data"]]
				self.assertEqual(walked, expected)
				self.assertEqual([answer["has_next"] for answer in pages[:8]], [True] * 7 + [False])

	def test_a_cursor_walk_equals_one_query(self):
		expected, walked = self.one_query("modified desc"), []
		answer = mobile_api.filter_tasks(limit=9)
		while True:
			walked += [task["name"] for task in answer["data"]]
			if not answer["next_cursor"]:
				break
			answer = mobile_api.filter_tasks(limit=9, cursor=answer["next_cursor"])
		self.assertEqual(walked, expected)

	def test_filters_apply_to_every_part(self):
		answer = mobile_api.filter_tasks(limit=100, importance="High")
		expected = frappe.get_list("CRM Task", filters={"priority": "High"}, pluck="name")
		self.assertEqual({task["name"] for task in answer["data"]}, {int(name) for name in expected})
		self.assertTrue(all(task["priority"] == "High" for task in answer["data"]))

	def test_total_stops_at_the_cap_and_says_so(self):
		with mock.patch.object(task_reads, "TOTAL_CAP", 10):
			answer = mobile_api.filter_tasks(limit=20)
		self.assertEqual((answer["total"], answer["total_exact"]), (10, False))
		self.assertEqual(len(answer["data"]), 20)
		self.assertTrue(answer["has_next"])

	def test_the_buckets_hold_only_what_the_rule_allows(self):
		buckets = mobile_api.main_page_buckets(min_each=50)
		shown = {task["name"] for key in ("today", "late", "upcoming") for task in buckets[key]}
		self.assertTrue(shown)
		self.assertLessEqual(shown, self.visible)
		today = {task["name"] for task in buckets["today"]}
		home = {task["name"] for task in mobile_api.home_tasks(limit=50)["today"]}
		self.assertEqual(today, home)

	def test_a_managers_today_read_in_two_pieces_equals_one_query(self):
		"""Tasks starting today and tasks due today, merged by the database (crm/mobile/task_reads.py),
		in the list's order: most important, soonest due, undated last, then id."""
		from crm.core import task_queries

		frappe.set_user(self.manager)
		today = task_queries.today_query(getdate(nowdate()))
		expected = frappe.get_list(
			"CRM Task",
			or_filters=today.or_filters,
			order_by=today.order_by,
			limit_page_length=0,
			pluck="name",
		)
		self.assertGreater(len(expected), 6)
		for start, limit in ((0, 100), (0, 1), (1, 1), (0, 2), (0, 3), (2, 3), (5, 4)):
			with self.subTest(start=start, limit=limit):
				found = task_reads.rows(today, start=start, limit=limit)
				self.assertEqual(
					[int(row.name) for row in found], [int(n) for n in expected[start : start + limit]]
				)


class TestPartsQuoteTheSeller(IntegrationTestCase):
	def tearDown(self) -> None:
		delete_test_data()

	def test_a_seller_whose_address_holds_a_percent_sign_sees_both_parts(self):
		"""The permission rule and each part name the seller as frappe.get_list quotes a value: a
		`%` stays itself. (Not `%s`: Frappe's SQLite layer reads that as a parameter anywhere.)"""
		seller = make_user("pct%team", ("Sales User",))
		owned = bulk_tasks(seller, 3)
		assigned = bulk_tasks(make_user("pct-manager", ("Sales Manager",)), 2)
		assign_in_bulk(assigned, seller)
		task_versions.renew_every_version()  # written around CRM Task's hooks
		frappe.set_user(seller)
		self.assertEqual(len(task_reads.visible()), 2)
		answer = mobile_api.filter_tasks(limit=10)
		self.assertEqual({task["name"] for task in answer["data"]}, {*owned, *assigned})


class TestCountsAndWindows(TeamTasks):
	"""Totals of a date window are counted in parts; a manager's filtered list walks the newest."""

	def window(self) -> dict:
		return {"date_from": add_days(nowdate(), -1), "date_to": add_days(nowdate(), 1)}

	def exact(self, **filters) -> list[int]:
		query = mobile_api.filter_tasks(limit=1, **filters)  # parses as the endpoint does
		self.assertIn("total", query)
		window = self.window()
		or_filters = [
			["start_date", "between", [window["date_from"], window["date_to"]]],
			["due_date", "between", [window["date_from"], window["date_to"]]],
		]
		return [int(n) for n in frappe.get_list("CRM Task", or_filters=or_filters, pluck="name")]

	def test_a_window_total_is_the_exact_count(self):
		for user in (self.seller, self.manager):
			with self.subTest(user=user):
				frappe.set_user(user)
				expected = self.exact(**self.window())
				answer = mobile_api.filter_tasks(limit=100, **self.window())
				self.assertGreater(len(expected), 3)
				self.assertEqual(answer["total"], len(expected))
				self.assertEqual({task["name"] for task in answer["data"]}, set(expected))

	def test_a_window_total_stops_at_the_cap(self):
		frappe.set_user(self.manager)
		with mock.patch.object(task_reads, "TOTAL_CAP", 3):
			answer = mobile_api.filter_tasks(limit=2, **self.window())
		self.assertEqual((answer["total"], answer["total_exact"]), (3, False))

	def test_a_managers_filtered_list_walking_the_newest_equals_one_query(self):
		frappe.set_user(self.manager)
		expected = frappe.get_list(
			"CRM Task",
			filters={"priority": "High"},
			order_by=_sql_order("modified desc"),
			limit_page_length=6,
			pluck="name",
		)
		for bounds in ((2, 5), (40, 400)):
			with self.subTest(bounds=bounds), mock.patch.object(task_reads, "RECENT_BOUNDS", bounds):
				answer = mobile_api.filter_tasks(limit=5, importance="High")
				self.assertEqual([task["name"] for task in answer["data"]], [int(n) for n in expected[:5]])
				self.assertTrue(answer["has_next"])


def _sql_order(order_by: str) -> str:
	from crm.core import task_queries

	return task_queries.order_by_sql(task_queries.parse_order_by(order_by))


class TestRecentFirstInParts(TeamTasks):
	@classmethod
	def setUpClass(cls) -> None:
		"""Every task assigned to the seller changed after every task they own: a part's bound that
		is too tight leaves out assigned tasks newer than the owned ones on the page."""
		super().setUpClass()
		task = frappe.qb.DocType("CRM Task")
		mine = task.name.isin(sorted(cls.visible))
		rows = frappe.qb.from_(task).select(task.name, task.owner).where(mine).orderby(task.name).run()
		base = now_datetime()
		for index, (name, owner) in enumerate(rows):
			minutes = index + (1000 if owner != cls.seller else 0)  # the assigned part newest
			stamp = base - timedelta(minutes=2000 - minutes)
			frappe.qb.update(task).set(task.modified, stamp).where(task.name == name).run()
		cls.tasks_written()

	def test_a_sellers_filtered_list_walking_the_newest_of_each_part_equals_one_query(self):
		"""However small the bound of each part (crm/mobile/task_reads.RECENT_BOUNDS), a page read
		among the newest tasks first is the page one query under the rule answers."""
		first, last = getdate(add_days(nowdate(), -2)), getdate(add_days(nowdate(), 2))
		cases = (
			({"date_from": str(first), "date_to": str(last)}, {"date_from": first, "date_to": last}),
			({"importance": "High"}, {"priorities": ["High"]}),
			({"status": "Todo"}, {"statuses": ["Todo"]}),
		)
		for chosen, parsed in cases:
			expected = _one_query(parsed)
			for bounds in ((1, 3), (2, 5), (6, 400), (40, 400)):
				for page in (1, 2):
					with self.subTest(chosen=chosen, bounds=bounds, page=page):
						with mock.patch.object(task_reads, "RECENT_BOUNDS", bounds):
							answer = mobile_api.filter_tasks(limit=4, page=page, **chosen)
						names = [task["name"] for task in answer["data"]]
						self.assertEqual(names, expected[(page - 1) * 4 : page * 4])

	def test_a_kept_bound_however_stale_gives_the_page_of_one_query(self):
		"""A part's bound is kept a while (crm/common/read_hints.py), so it may be any moment: one
		part's just below its second newest task and the others' long ago (a full page that
		misses that part's older tasks newer than the others'), every part's after every task, or
		kept as "none so deep": the page is still the one query's."""
		first, last = getdate(add_days(nowdate(), -2)), getdate(add_days(nowdate(), 2))
		expected = _one_query({"date_from": first, "date_to": last})
		parts = task_reads.visible()
		past, future = now_datetime() - timedelta(days=3650), now_datetime() + timedelta(days=1)
		tight = [self.second_newest(part) for part in parts]
		kept_sets = [
			[tight[at] if at == one else past for at in range(len(parts))] for one in range(len(parts))
		]
		kept_sets += [[future] * len(parts), [""] * len(parts)]
		for kept in kept_sets:
			for page in (1, 2):
				with self.subTest(kept=kept, page=page):
					for part, bound in zip(parts, kept, strict=True):
						for depth in range(40):
							read_hints.keep(bound, "task-bound", part, depth)
					with mock.patch.object(task_reads, "RECENT_BOUNDS", (2, 5)):
						answer = mobile_api.filter_tasks(
							limit=4, page=page, date_from=str(first), date_to=str(last)
						)
					names = [task["name"] for task in answer["data"]]
					self.assertEqual(names, expected[(page - 1) * 4 : page * 4])

	def second_newest(self, part: list):
		"""When the part's second newest task changed (its newest, if it has one task)."""
		return frappe.get_list(
			"CRM Task",
			filters=part,
			order_by="`tabCRM Task`.`modified` desc",
			limit_page_length=2,
			pluck="modified",
		)[-1]


def _one_query(parsed: dict) -> list[int]:
	"""The filtered list by last change as one query under CRM Task's permission rule answers it."""
	from crm.core import task_queries

	chosen = {"date_from": None, "date_to": None, "priorities": [], "statuses": [], **parsed}
	query = task_queries.filter_query(**chosen, order_terms=task_queries.parse_order_by("modified desc"))
	found = frappe.get_list(
		"CRM Task",
		filters=query.filters,
		or_filters=query.or_filters,
		order_by=query.order_by,
		limit_page_length=0,
		pluck="name",
	)
	return [int(name) for name in found]
