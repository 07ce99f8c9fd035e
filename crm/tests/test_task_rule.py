"""One rule for who sees a CRM Task, through every reader: a Sales User sees the tasks they own or
are assigned, Sales Manager and System Manager see all; reassigning moves access."""

import csv
import io
import unittest.mock

import frappe
import frappe.share
from frappe.desk import reportview
from frappe.utils import add_to_date, now_datetime, nowdate

from crm.api import activities, mobile_api
from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	delete_test_data,
	descending_columns,
	make_contact,
	make_task,
	make_user,
)

MARK = f"{TITLE_MARK} rule"


class TestTaskRule(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("rule-alice", ("Sales User",))
		cls.bob = make_user("rule-bob", ("Sales User",))
		cls.manager = make_user("rule-manager", ("Sales Manager",))
		cls.since = str(add_to_date(now_datetime(), minutes=-5))
		cls.contact = make_contact("Rule Shared").name  # both sellers may read it
		today = {"start_date": nowdate(), "reference_doctype": "Contact", "reference_docname": cls.contact}
		frappe.set_user(cls.alice)
		cls.alices = make_task(title=f"{MARK} alice secret", **today)
		cls.alices.status = "In Progress"
		cls.alices.save()  # a change on the timeline
		frappe.set_user(cls.bob)
		cls.bobs = make_task(title=f"{MARK} bob own", **today)
		frappe.set_user(cls.manager)
		cls.assigned = make_task(title=f"{MARK} for bob", assigned_to=cls.bob, **today)
		frappe.set_user("Administrator")
		frappe.db.commit()  # cleaned up by delete_test_data

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		delete_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		frappe.set_user("Administrator")

	def seen(self, user: str) -> dict[str, set[int]]:
		"""The marked tasks each reader shows `user`."""
		frappe.set_user(user)
		ours = {int(task.name) for task in (self.alices, self.bobs, self.assigned)}
		newest = {"limit": 100, "order_by": "name desc"}  # a lived-in site has more than a page
		readers = {
			"filter_tasks": [row["name"] for row in mobile_api.filter_tasks(**newest)["data"]],
			"cursor pages": self.cursor_walk(min(ours)),
			"home_tasks": [row["name"] for row in mobile_api.home_tasks(limit=100)["today"]],
			"buckets": [row["name"] for row in mobile_api.main_page_buckets(min_each=100)["today"]],
			"sync_tasks": [
				row["name"] for row in mobile_api.sync_tasks(since=self.since, limit=500)["tasks"]
			],
			"get_list": frappe.get_list("CRM Task", pluck="name", limit_page_length=0),
			"report view": [row[0] for row in self.report_view()],
			"timeline": self.timeline_tasks(),
		}
		if frappe.has_permission("CRM Task", "export"):
			readers["export"] = self.export()
		return {reader: {int(name) for name in names} & ours for reader, names in readers.items()}

	def cursor_walk(self, lowest: int) -> list:
		"""Pages of two, newest id first, down to `lowest`."""
		page = mobile_api.filter_tasks(limit=2, order_by="name desc")
		names = [row["name"] for row in page["data"]]
		while page["next_cursor"] and min(names) > lowest:
			page = mobile_api.filter_tasks(limit=2, order_by="name desc", cursor=page["next_cursor"])
			names += [row["name"] for row in page["data"]]
		return names

	def report_view(self) -> list:
		frappe.local.form_dict = frappe._dict(
			doctype="CRM Task", fields='["`tabCRM Task`.`name`"]', filters=[["title", "like", f"{MARK}%"]]
		)
		answer = reportview.get()
		return answer.get("values", []) if answer else []

	def export(self) -> list:
		frappe.local.form_dict = frappe._dict(
			doctype="CRM Task",
			file_format_type="CSV",
			# Bare names: Frappe 16's export on PostgreSQL cannot read back a qualified `name`, which it
			# casts to text there ("DocType (`tabCRM Task not found").
			fields='["name", "title"]',
			filters=[["title", "like", f"{MARK}%"]],
		)
		reportview.export_query()
		content = frappe.response.get("filecontent") or b""
		rows = list(csv.reader(io.StringIO(content.decode() if isinstance(content, bytes) else content)))
		column = rows[0].index("ID") if rows else 0  # after Frappe's "Sr" column
		return [row[column] for row in rows[1:] if len(row) > column]

	def timeline_tasks(self) -> list:
		items = activities.get_activities("Contact", self.contact, limit=100)["data"]
		return [
			item["name"] if item["type"] == "task" else item["data"]["task"]
			for item in items
			if "task" in item["type"]
		]

	def count(self, user: str) -> int:
		frappe.set_user(user)
		return frappe.get_list(
			"CRM Task", filters={"title": ("like", f"{MARK}%")}, fields=["count(*) as n"], order_by=""
		)[0].n

	def test_a_seller_sees_own_and_assigned_tasks_through_every_reader(self):
		expected = {int(self.bobs.name), int(self.assigned.name)}
		for reader, names in self.seen(self.bob).items():
			self.assertEqual(names, expected, reader)
		self.assertEqual(self.count(self.bob), 2)
		with self.assertRaises(frappe.PermissionError):  # Sales Users have no export right
			self.export()

	def test_a_manager_sees_every_task(self):
		expected = {int(self.alices.name), int(self.bobs.name), int(self.assigned.name)}
		seen = self.seen(self.manager)
		self.assertIn("export", seen)
		for reader, names in seen.items():
			self.assertEqual(names, expected, reader)
		self.assertEqual(self.count(self.manager), 3)

	def test_a_seller_cannot_open_or_change_anothers_task(self):
		frappe.set_user(self.bob)
		self.assertFalse(frappe.has_permission("CRM Task", "read", doc=self.alices.name))
		with self.assertRaises(frappe.PermissionError):
			mobile_api.edit_task(task_id=self.alices.name, title="taken over")
		self.assertTrue(frappe.has_permission("CRM Task", "write", doc=self.assigned.name))
		self.assertFalse(frappe.has_permission("CRM Task", "delete", doc=self.assigned.name))
		self.assertTrue(frappe.has_permission("CRM Task", "delete", doc=self.bobs.name))

	def test_reassigning_moves_access(self):
		frappe.set_user(self.manager)
		mobile_api.edit_task(task_id=self.assigned.name, assigned_to=self.alice)
		self.assertNotIn(int(self.assigned.name), self.seen(self.bob)["filter_tasks"])
		self.assertIn(int(self.assigned.name), self.seen(self.alice)["filter_tasks"])
		frappe.set_user(self.bob)
		self.assertFalse(frappe.has_permission("CRM Task", "read", doc=self.assigned.name))
		frappe.set_user(self.manager)
		mobile_api.edit_task(task_id=self.assigned.name, assigned_to=self.bob)

	def test_sync_reports_the_deletions_of_the_tasks_the_caller_could_see(self):
		frappe.set_user(self.alice)
		alices = make_task(title=f"{MARK} alice gone")
		frappe.set_user(self.bob)
		bobs = make_task(title=f"{MARK} bob gone")
		frappe.set_user(self.manager)
		for_bob = make_task(title=f"{MARK} for bob gone", assigned_to=self.bob)
		frappe.set_user("Administrator")
		for task in (alices, bobs, for_bob):
			frappe.delete_doc("CRM Task", task.name)
		gone = {int(task.name) for task in (alices, bobs, for_bob)}
		for user, expected in ((self.bob, {bobs, for_bob}), (self.manager, {alices, bobs, for_bob})):
			frappe.set_user(user)
			self.assertEqual(self.synced_deletions() & gone, {int(task.name) for task in expected}, user)

	def synced_deletions(self) -> set[int]:
		"""The deleted ids a sync since `since` reports, with its last page."""
		answer = mobile_api.sync_tasks(since=self.since, limit=500)
		while answer["has_more"]:
			answer = mobile_api.sync_tasks(since=self.since, limit=500, cursor=answer["next_cursor"])
		return set(answer["deleted"])

	def test_assignment_needs_no_share(self):
		self.assertFalse(
			frappe.db.exists("DocShare", {"share_doctype": "CRM Task", "share_name": str(self.assigned.name)})
		)

	def test_the_patch_drops_the_shares_assignments_made_and_keeps_others(self):
		from crm.patches.v0_2 import drop_task_assignment_shares

		flags = {"ignore_share_permission": True}
		old = frappe.share.add_docshare("CRM Task", self.assigned.name, self.bob, write=1, flags=flags)
		kept = frappe.share.add_docshare("CRM Task", self.alices.name, self.bob, flags=flags)
		with unittest.mock.patch.object(drop_task_assignment_shares, "CHUNK", 1):  # walk in chunks
			drop_task_assignment_shares.execute()
		self.assertFalse(frappe.db.exists("DocShare", old.name))
		self.assertTrue(frappe.db.exists("DocShare", kept.name))
		frappe.set_user(self.bob)  # the kept share still opens alice's task to bob, read only
		self.assertTrue(frappe.has_permission("CRM Task", "read", doc=self.alices.name))
		self.assertFalse(frappe.has_permission("CRM Task", "write", doc=self.alices.name))
		self.assertFalse(frappe.has_permission("CRM Task", "delete", doc=self.alices.name))
		frappe.set_user("Administrator")
		frappe.delete_doc("DocShare", kept.name, ignore_permissions=True)

	def test_a_share_made_during_a_request_reaches_the_lists_of_that_request(self):
		"""The caller's shares are read once per request (crm/common/task_shares.py), and again
		once a share changes."""
		from crm.common import task_shares

		frappe.local.request = unittest.mock.Mock()  # as in an HTTP request
		try:
			self.assertEqual(self.listed(self.bob), {int(self.bobs.name), int(self.assigned.name)})
			with unittest.mock.patch.object(
				frappe.share, "get_shared", wraps=frappe.share.get_shared
			) as read:
				self.listed(self.bob)
			read.assert_not_called()  # kept for the request
			share = frappe.share.add_docshare(
				"CRM Task", self.alices.name, self.bob, flags={"ignore_share_permission": True}
			)
			self.assertIn(int(self.alices.name), self.listed(self.bob))
			frappe.set_user("Administrator")
			frappe.delete_doc("DocShare", share.name, ignore_permissions=True)
			self.assertNotIn(int(self.alices.name), self.listed(self.bob))
		finally:
			frappe.local.request = None
			task_shares.forget()

	def listed(self, user: str) -> set[int]:
		frappe.set_user(user)
		marked = [["title", "like", f"{MARK}%"]]
		return {int(name) for name in frappe.get_list("CRM Task", filters=marked, pluck="name")}

	def test_the_index_patch_makes_this_releases_indexes_and_drops_the_older(self):
		from crm.common.db_differences import drop_index
		from crm.core import task_indexes
		from crm.patches.v0_3 import drop_superseded_task_indexes

		olds = [("owner", "modified"), ("start_date", "priority_rank", "due_date")]
		news = [task_indexes.INDEXES[2], (*task_indexes.UPCOMING, "due_date")]
		for old, new in zip(olds, news, strict=True):
			drop_index("CRM Task", task_indexes.index_name(new))
			frappe.db.add_index("CRM Task", list(old))
		drop_superseded_task_indexes.execute()
		for old in olds:
			self.assertFalse(frappe.db.has_index("tabCRM Task", task_indexes.index_name(old)))
		for columns in task_indexes.INDEXES:
			name = task_indexes.index_name(columns)
			self.assertTrue(frappe.db.has_index("tabCRM Task", name), columns)
			self.assertEqual(descending_columns("tabCRM Task", name), task_indexes.descending(columns))
