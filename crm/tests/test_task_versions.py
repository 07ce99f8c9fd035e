"""A list's `total` is kept while the caller's task version stands (crm/common/task_versions.py):
counted once for the pages of a list, and counted again after any change to a task the caller may
see, by whoever makes it, committed or rolled back."""

from contextlib import contextmanager
from unittest import mock

import frappe
import frappe.share
from frappe.utils import add_to_date, now_datetime

from crm.api import mobile_api
from crm.common import read_hints, task_versions
from crm.mobile import sync, task_reads
from crm.tests.utils import (
	IntegrationTestCase,
	api_token,
	delete_test_data,
	fresh_snapshot,
	http,
	make_contact,
	make_task,
	make_user,
	restrict_to_contact,
)

TASKS = 25
DAY = "2099-03-15"  # every task of these tests starts on it, and no other task on the site does
WINDOW = {"date_from": "2099-03-01", "date_to": "2099-03-31"}


class TestKeptTotals(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.seller = make_user("versions-seller", ("Sales User",))
		cls.other = make_user("versions-other", ("Sales User",))
		cls.manager = make_user("versions-manager", ("Sales Manager",))
		frappe.set_user(cls.seller)
		for _index in range(TASKS):
			make_task(start_date=DAY)
		frappe.set_user("Administrator")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		# Nothing is pending (tearDown rolled back); Frappe 16's SQLite rollback leaves
		# `transaction_writes` counting the undone writes, which a commit resets.
		frappe.db.commit()
		# That every part of a user holds tasks is kept minutes beyond a test, whatever changes.
		read_hints.forget("task-parts-all-held")
		frappe.set_user(self.seller)

	def tearDown(self) -> None:
		frappe.db.rollback()  # each test's changes go, and with them every token it renewed
		frappe.set_user("Administrator")

	def total(self, user: str, **filters) -> int:
		frappe.set_user(user)
		return mobile_api.filter_tasks(limit=5, **WINDOW, **filters)["total"]

	def counting(self):
		return mock.patch.object(task_reads, "counted_up_to", wraps=task_reads.counted_up_to)

	def test_the_pages_of_a_list_count_once(self):
		with self.counting() as counted:
			first = mobile_api.filter_tasks(limit=5, page=1, **WINDOW)
			calls = counted.call_count
			second = mobile_api.filter_tasks(limit=5, page=2, **WINDOW)
		self.assertGreater(calls, 0)
		self.assertEqual(counted.call_count, calls)  # page 2 used the kept total
		self.assertEqual((first["total"], second["total"]), (TASKS, TASKS))

	def test_a_new_task_is_counted(self):
		before = self.total(self.seller)
		mobile_api.create_task(title="crm-test versions new", task_type="Call", start_date=DAY)
		self.assertEqual(self.total(self.seller), before + 1)

	def test_a_status_change_moves_a_task_between_filtered_totals(self):
		todo = self.total(self.seller, status="Todo")
		name = frappe.get_all(
			"CRM Task", {"owner": self.seller, "status": "Todo", "start_date": DAY}, pluck="name"
		)[0]
		mobile_api.edit_task(task_id=name, status="Done")
		self.assertEqual(self.total(self.seller, status="Todo"), todo - 1)

	def test_assigning_and_reassigning_move_the_totals(self):
		seller, other = self.total(self.seller), self.total(self.other)
		frappe.set_user(self.manager)
		task = make_task(assigned_to=self.seller, start_date=DAY)
		self.assertEqual((self.total(self.seller), self.total(self.other)), (seller + 1, other))
		frappe.set_user(self.manager)
		mobile_api.edit_task(task_id=task.name, assigned_to=self.other)
		self.assertEqual((self.total(self.seller), self.total(self.other)), (seller, other + 1))

	def test_a_deleted_task_is_no_longer_counted(self):
		before = self.total(self.seller)
		name = frappe.get_all("CRM Task", {"owner": self.seller, "start_date": DAY}, pluck="name")[0]
		mobile_api.delete_task(task_id=name)
		self.assertEqual(self.total(self.seller), before - 1)

	def test_a_manager_total_follows_every_sellers_change(self):
		before = self.total(self.manager)
		frappe.set_user(self.other)
		mobile_api.create_task(title="crm-test versions by another", task_type="Call", start_date=DAY)
		self.assertEqual(self.total(self.manager), before + 1)

	def test_a_total_counted_before_a_rollback_is_not_used_after_it(self):
		before = self.total(self.seller)
		mobile_api.create_task(title="crm-test versions undone", task_type="Call", start_date=DAY)
		self.assertEqual(self.total(self.seller), before + 1)  # kept while uncommitted
		frappe.db.rollback()
		self.assertEqual(self.total(self.seller), before)

	def test_a_change_to_a_task_shared_in_desk_reaches_the_users_it_is_shared_with(self):
		frappe.set_user(self.other)
		shared = make_task(start_date=DAY)
		frappe.share.add_docshare(
			"CRM Task", shared.name, self.seller, flags={"ignore_share_permission": True}
		)
		frappe.db.commit()  # so that the seller's totals are kept
		self.addCleanup(self.delete_committed, shared.name)
		todo = self.total(self.seller, status="Todo")
		self.assertEqual(self.total(self.seller), TASKS + 1)
		frappe.set_user(self.other)
		mobile_api.edit_task(task_id=shared.name, status="Done")
		self.assertEqual(self.total(self.seller, status="Todo"), todo - 1)

	def delete_committed(self, task: str) -> None:
		frappe.set_user("Administrator")
		frappe.db.delete("DocShare", {"share_doctype": "CRM Task", "share_name": str(task)})
		frappe.delete_doc("CRM Task", task, force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_a_seller_who_owns_no_task_is_read_in_one_part_until_they_make_one(self):
		frappe.set_user(self.manager)
		assigned = make_task(assigned_to=self.other, start_date=DAY)
		frappe.set_user(self.other)
		self.assertEqual(len(task_reads.visible()), 1)
		self.assertEqual(self.names(self.other), {str(assigned.name)})
		mobile_api.create_task(title="crm-test versions own", task_type="Call", start_date=DAY)
		own = frappe.get_all("CRM Task", {"owner": self.other, "start_date": DAY}, pluck="name")
		self.assertEqual(len(task_reads.visible()), 2)
		self.assertEqual(self.names(self.other), {str(assigned.name), *map(str, own)})

	def test_parts_that_all_hold_tasks_are_not_probed_again_after_a_change(self):
		frappe.set_user(self.manager)
		assigned = make_task(assigned_to=self.seller, start_date=DAY)
		frappe.set_user(self.seller)
		with mock.patch.object(task_reads, "_holds_any", wraps=task_reads._holds_any) as probed:
			self.assertEqual(len(task_reads.visible()), 2)
			self.assertEqual(probed.call_count, 2)
			mobile_api.create_task(title="crm-test versions renew", task_type="Call", start_date=DAY)
			self.assertEqual(len(task_reads.visible()), 2)
			self.assertEqual(probed.call_count, 2)  # the change renewed the version: no probe
			frappe.set_user(self.manager)
			mobile_api.edit_task(task_id=assigned.name, assigned_to=self.other)
			self.assertNotIn(str(assigned.name), self.names(self.seller))  # its part is empty now
		self.assertEqual(probed.call_count, 2)

	def names(self, user: str) -> set:
		frappe.set_user(user)
		return {str(task["name"]) for task in mobile_api.filter_tasks(limit=50, **WINDOW)["data"]}

	def test_a_deletion_reaches_the_next_sync_with_the_same_since(self):
		since = str(add_to_date(now_datetime(), hours=-1))
		first = mobile_api.sync_tasks(since=since, limit=500)
		name = frappe.get_all("CRM Task", {"owner": self.seller, "start_date": DAY}, pluck="name")[0]
		mobile_api.delete_task(task_id=name)
		second = mobile_api.sync_tasks(since=since, limit=500)
		self.assertNotIn(int(name), first["deleted"])
		self.assertIn(int(name), second["deleted"])

	def test_a_later_page_is_read_after_the_row_before_it_found_once(self):
		with mock.patch.object(sync, "_position_at", wraps=sync._position_at) as found:
			pages = [self.page(number) for number in (1, 2, 3, 4, 5)]
			again = self.page(3)
		self.assertEqual([name for page in pages for name in page], self.page(1, limit=25))
		self.assertEqual(again, pages[2])
		self.assertEqual(found.call_count, 4)  # pages 2 to 5, not page 3 again
		mobile_api.create_task(title="crm-test versions newest", task_type="Call", start_date=DAY)
		self.assertEqual(self.page(3), self.page(1, limit=25)[10:15])  # shifted by the new task

	def page(self, number: int, limit: int = 5) -> list:
		frappe.set_user(self.seller)
		answer = mobile_api.filter_tasks(limit=limit, page=number, **WINDOW)
		return [task["name"] for task in answer["data"]]

	def test_a_total_counted_after_a_write_of_the_same_transaction_is_not_kept(self):
		mobile_api.create_task(title="crm-test versions unsaved", task_type="Call", start_date=DAY)
		with self.counting() as counted:
			first = self.total(self.seller)
			calls = counted.call_count
			self.assertEqual(self.total(self.seller), first)
		self.assertEqual(counted.call_count, 2 * calls)

	def test_a_share_or_a_user_permission_renews_its_users_version(self):
		frappe.set_user("Administrator")
		contact = make_contact("Versions Contact").name
		for change in (
			lambda: restrict_to_contact(self.seller, contact),
			lambda: frappe.share.add_docshare(
				"CRM Task", make_task().name, self.seller, flags={"ignore_share_permission": True}
			),
		):
			before = task_versions.token(self.seller), task_versions.token(task_versions.EVERY_TASK)
			change()
			after = task_versions.token(self.seller), task_versions.token(task_versions.EVERY_TASK)
			self.assertNotEqual(before[0], after[0])
			self.assertNotEqual(before[1], after[1])


class TestFreshReadView(IntegrationTestCase):
	"""A total is counted for keeping in a read view opened after the caller's token was read."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.seller = make_user("versions-view", ("Sales User",))
		cls.token = api_token(cls.seller)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.db.delete("DocShare", {"share_doctype": "CRM Task", "user": cls.seller})
		delete_test_data()
		super().tearDownClass()

	@contextmanager
	def in_a_request(self, kept_name: str):
		"""As in an HTTP request; after it, no request, no request memo, nothing kept as `kept_name`."""
		frappe.local.request = mock.Mock()
		try:
			yield
		finally:
			frappe.local.request = None
			frappe.local.crm_task_versions = None
			read_hints.forget(kept_name)

	def test_a_request_asks_for_a_kept_value_once_until_the_version_changes(self):
		"""The buckets' three lists each ask for the caller's parts: one answer per request."""
		compute = mock.Mock(return_value=[0, 1])
		with self.in_a_request("crm-test-memo"):
			with mock.patch.object(read_hints, "kept", wraps=read_hints.kept) as asked:
				for _call in range(3):
					self.assertEqual(task_versions.kept("crm-test-memo", compute, "key"), [0, 1])
				self.assertEqual(asked.call_count, 1)
				self.assertEqual(task_versions.kept("crm-test-memo", compute, "other key"), [0, 1])
				self.assertEqual(asked.call_count, 2)
			make_task(start_date=DAY)  # renews the caller's version
			task_versions.kept("crm-test-memo", compute, "key")
			self.assertEqual(compute.call_count, 3)

	def test_a_worker_keeps_a_value_for_the_next_request_until_the_version_changes(self):
		"""A later request of the caller reads only their token from Redis, not the value."""
		compute = mock.Mock(return_value=[0, 1])
		frappe.db.commit()  # nothing written yet: what is computed may be kept
		with self.in_a_request("crm-test-here"):
			with mock.patch.object(read_hints, "kept", wraps=read_hints.kept) as asked:
				for _request in range(3):
					frappe.local.crm_task_versions = None  # the next request's memo
					self.assertEqual(task_versions.kept("crm-test-here", compute, "key"), [0, 1])
				self.assertEqual((asked.call_count, compute.call_count), (1, 1))
				make_task(start_date=DAY)  # renews the caller's version
				frappe.db.commit()
				frappe.local.crm_task_versions = None
				self.assertEqual(task_versions.kept("crm-test-here", compute, "key"), [0, 1])
				self.assertEqual((asked.call_count, compute.call_count), (2, 2))

	def test_outside_a_request_a_value_is_read_from_the_site_cache_each_time(self):
		"""Jobs, tests and the console: `read_hints.forget` reaches every reader."""
		compute = mock.Mock(return_value=[0, 1])
		frappe.set_user(self.seller)
		try:
			task_versions.kept("crm-test-here", compute, "key")
			read_hints.forget("crm-test-here")
			task_versions.kept("crm-test-here", compute, "key")
			self.assertEqual(compute.call_count, 2)
		finally:
			frappe.set_user("Administrator")
			read_hints.forget("crm-test-here")

	def test_a_task_shared_in_desk_shows_in_the_next_request(self):
		"""The caller's shares are kept across requests under their version."""
		names = self.listed()  # keeps the caller's (no) shares
		frappe.set_user("Administrator")
		task = make_task(start_date=DAY)
		frappe.share.add_docshare("CRM Task", task.name, self.seller, flags={"ignore_share_permission": True})
		frappe.db.commit()
		self.assertEqual(self.listed(), {*names, str(task.name)})
		frappe.share.remove("CRM Task", task.name, self.seller, flags={"ignore_share_permission": True})
		frappe.db.commit()
		self.assertEqual(self.listed(), names)

	def listed(self) -> set:
		path = "/api/method/crm.api.mobile_api.filter_tasks"
		answer = http("GET", path, token=self.token, params={"limit": 50, **WINDOW})
		fresh_snapshot()  # the server committed (the caller's last activity): write after it (SQLite)
		self.assertEqual(answer.status_code, 200)
		return {str(task["name"]) for task in answer.json()["message"]["data"]}

	def test_a_change_committed_after_the_request_began_is_counted(self):
		frappe.set_user(self.seller)
		before = mobile_api.filter_tasks(limit=5, **WINDOW)["total"]
		frappe.db.rollback()
		frappe.db.sql("select count(*) from `tabCRM Task`")  # this transaction's read view opens here
		body = {"title": "crm-test versions meanwhile", "task_type": "Call", "start_date": DAY}
		made = http("POST", "/api/method/crm.api.mobile_api.create_task", token=self.token, json=body)
		self.assertEqual(made.status_code, 200)
		self.assertEqual(mobile_api.filter_tasks(limit=5, **WINDOW)["total"], before + 1)
		frappe.set_user("Administrator")
