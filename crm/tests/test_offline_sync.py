"""Offline-first mobile: keyset cursors, delta sync, idempotent creates, conflict-safe edits."""

from concurrent.futures import ThreadPoolExecutor

import frappe

from crm.api import mobile_api
from crm.common.errors import ConflictError
from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	bulk_tasks,
	delete_test_data,
	http,
	make_task,
	make_user,
	server_url,
)

API = "/api/method/crm.api.mobile_api."


class TestOfflineSync(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.walker = make_user("sync-walker", ("Sales User",))
		cls.syncer = make_user("sync-phone", ("Sales User",))
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		frappe.set_user("Administrator")

	def walk(self, order_by: str, insert_every: int = 0) -> tuple[list[int], int]:
		"""Follow next_cursor to the end (as the walker); insert a task every `insert_every` pages."""
		seen, inserted, cursor, pages = [], 0, None, 0
		while True:
			frappe.set_user(self.walker)
			answer = mobile_api.filter_tasks(limit=37, order_by=order_by, cursor=cursor)
			seen.extend(task["name"] for task in answer["data"])
			pages += 1
			if insert_every and pages % insert_every == 0:
				make_task(title=f"{TITLE_MARK} mid-walk {pages}")
				frappe.db.commit()
				inserted += 1
			cursor = answer["next_cursor"]
			if not cursor:
				return seen, inserted
			self.assertLess(pages, 200)

	def test_cursor_walk_returns_each_task_once_while_tasks_are_inserted(self):
		originals = set(bulk_tasks(self.walker, 1000))
		for order_by in ("modified desc", "modified asc", "name asc", "name desc"):
			with self.subTest(order_by=order_by):
				seen, inserted = self.walk(order_by, insert_every=4)
				self.assertGreater(inserted, 0)
				self.assertEqual(len(seen), len(set(seen)), "a task came twice")
				self.assertTrue(originals <= set(seen), f"{len(originals - set(seen))} tasks never came")
		frappe.set_user(self.walker)
		first = mobile_api.filter_tasks(limit=20)
		self.assertEqual(first["page"], 1)
		self.assertTrue(first["next_cursor"])
		with self.assertRaises(frappe.ValidationError):  # a cursor is bound to its filters
			mobile_api.filter_tasks(limit=20, status="Done", cursor=first["next_cursor"])
		with self.assertRaises(frappe.ValidationError):
			mobile_api.filter_tasks(limit=20, cursor=first["next_cursor"][:-2] + "AA")
		with self.assertRaises(frappe.ValidationError):
			mobile_api.filter_tasks(order_by="due_date asc", cursor=first["next_cursor"])

	def sync_all(self, since):
		"""One catch-up as a phone does it: follow next_cursor while has_more."""
		frappe.set_user(self.syncer)
		changed, deleted, cursor = {}, set(), None
		while True:
			answer = mobile_api.sync_tasks(since=since, limit=7, cursor=cursor)
			changed.update({task["name"]: task for task in answer["tasks"]})
			deleted.update(answer["deleted"])
			if not answer["has_more"]:
				return changed, deleted, answer["next_since"]
			cursor = answer["next_cursor"]

	def server_state(self) -> dict:
		frappe.set_user(self.syncer)
		rows = mobile_api.filter_tasks(limit=100, order_by="name asc")
		return {task["name"]: task for task in rows["data"]}

	def test_sync_after_edits_and_deletes_matches_the_server(self):
		frappe.set_user(self.syncer)
		tasks = [mobile_api.create_task(title=f"{TITLE_MARK} sync {i}", task_type="Call") for i in range(12)]
		frappe.db.commit()
		phone, _deleted, since = self.sync_all(None)  # the first, full sync
		self.assertTrue({t["name"] for t in tasks} <= set(phone))
		# Offline: the server changes.
		for task in tasks[:4]:
			mobile_api.update_status(task_id=task["name"], status="Done")
		mobile_api.edit_task(task_id=tasks[4]["name"], title=f"{TITLE_MARK} renamed")
		for task in tasks[5:8]:
			mobile_api.delete_task(task_id=task["name"])
		added = mobile_api.create_task(title=f"{TITLE_MARK} sync new", task_type="Meeting")
		frappe.db.commit()
		changed, deleted, _next = self.sync_all(since)
		self.assertEqual({t["name"] for t in tasks[5:8]}, deleted & {t["name"] for t in tasks})
		self.assertIn(added["name"], changed)
		phone.update(changed)
		for name in deleted:
			phone.pop(name, None)
		self.assertEqual(phone, self.server_state())

	def test_a_retried_create_makes_one_task(self):
		frappe.set_user(self.syncer)
		first = mobile_api.create_task(
			title=f"{TITLE_MARK} idem", task_type="Call", idempotency_key="phone-42"
		)
		again = mobile_api.create_task(
			title=f"{TITLE_MARK} idem", task_type="Call", idempotency_key="phone-42"
		)
		self.assertEqual(first["name"], again["name"])
		frappe.db.commit()
		token = api_token(self.syncer)
		site, _url = frappe.local.site, server_url()
		body = {"title": f"{TITLE_MARK} idem parallel", "task_type": "Call", "idempotency_key": "phone-43"}
		with ThreadPoolExecutor(max_workers=6) as pool:
			answers = list(
				pool.map(
					lambda _i: http("POST", API + "create_task", token=token, json=body, site=site), range(6)
				)
			)
		self.assertEqual({a.status_code for a in answers}, {200})
		self.assertEqual(len({a.json()["message"]["name"] for a in answers}), 1)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("CRM Task", {"title": f"{TITLE_MARK} idem parallel"}), 1)
		frappe.set_user("Administrator")
		other_user = mobile_api.create_task(
			title=f"{TITLE_MARK} idem", task_type="Call", idempotency_key="phone-42"
		)
		self.assertNotEqual(other_user["name"], first["name"])  # keys are per user

	def test_a_stale_edit_is_409_and_changes_nothing(self):
		frappe.set_user(self.syncer)
		task = mobile_api.create_task(title=f"{TITLE_MARK} conflict", task_type="Call", priority="Low")
		frappe.db.commit()
		fresh = mobile_api.edit_task(task_id=task["name"], priority="Medium", modified=task["modified"])
		self.assertEqual(fresh["priority"], "Medium")
		frappe.db.commit()
		with self.assertRaises(ConflictError):
			mobile_api.update_status(task_id=task["name"], status="Done", modified=task["modified"])
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("CRM Task", task["name"], "status"), "Todo")
		frappe.db.commit()
		token = api_token(self.syncer)
		stale = http(
			"POST",
			API + "edit_task",
			token=token,
			json={"task_id": task["name"], "priority": "High", "modified": task["modified"]},
		)
		self.assertEqual(stale.status_code, 409, stale.text)
		self.assertEqual(stale.json()["task"]["priority"], "Medium")  # the current task, to merge with
		self.assertEqual(frappe.db.get_value("CRM Task", task["name"], "priority"), "Medium")
