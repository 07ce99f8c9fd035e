"""Tier 2: the mobile endpoints called in process, as each role."""

from datetime import timedelta
from unittest import mock

import frappe
from frappe.utils import add_to_date, get_datetime

from crm.api import mobile_api as api
from crm.common import task_versions
from crm.core.tasks import serialize_task
from crm.mobile.tasks import site_today
from crm.tests.utils import TITLE_MARK, IntegrationTestCase, delete_test_data, make_task, make_user

LIST_KEYS = [
	"name",
	"title",
	"status",
	"priority",
	"task_type",
	"start_date",
	"due_date",
	"assigned_to",
	"modified",
]
DETAIL_KEYS = [*LIST_KEYS, "description"]


class MobileAPITestCase(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("alice", ("Sales User",))
		cls.bob = make_user("bob", ("Sales User",))
		cls.manager = make_user("manager", ("Sales Manager",))
		cls.outsider = make_user("outsider", ())
		cls.today = site_today()
		frappe.db.commit()  # users persist across tests; each test's tasks are rolled back

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		frappe.set_user(self.alice)

	def tearDown(self) -> None:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		frappe.local.response.pop("ok", None)

	def task(self, **values):
		return make_task(**values)


class TestWrites(MobileAPITestCase):
	def test_create_answers_the_detail_shape_with_defaults(self):
		task = api.create_task(
			title=f"{TITLE_MARK} Meeting with client",
			task_type="Meeting",
			start_date="2025-12-05",
			description="Discuss",
		)
		self.assertEqual(list(task), DETAIL_KEYS)
		self.assertIsInstance(task["name"], int)
		self.assertEqual(task["status"], "Todo")
		self.assertEqual(task["priority"], "Medium")
		self.assertEqual(task["start_date"], "2025-12-05")
		self.assertIsNone(task["due_date"])
		self.assertIsNone(task["assigned_to"])
		self.assertEqual(frappe.db.get_value("CRM Task", task["name"], "owner"), self.alice)

	def test_create_refuses_each_bad_value_naming_the_field(self):
		cases = {
			"Task Type": {"task_type": "General"},
			"Status": {"status": "Completed"},
			"Priority": {"priority": "Urgent"},
			"Start Date": {"start_date": "2025-13-45"},
			"Due Date": {"due_date": "2025-13-45 10:00:00"},
			"Task title": {"title": ""},
		}
		before = frappe.db.count("CRM Task")
		for label, bad in cases.items():
			with self.subTest(label), self.assertRaises(frappe.ValidationError) as caught:
				api.create_task(**({"title": f"{TITLE_MARK} x", "task_type": "Call"} | bad))
			self.assertIn(label, str(caught.exception))
		self.assertEqual(frappe.db.count("CRM Task"), before)

	def test_create_needs_create_permission(self):
		frappe.set_user(self.outsider)
		with self.assertRaises(frappe.PermissionError):
			api.create_task(title=f"{TITLE_MARK} x", task_type="Call")

	def test_create_refuses_an_unknown_assignee(self):
		with self.assertRaises(frappe.ValidationError):
			api.create_task(title=f"{TITLE_MARK} x", task_type="Call", assigned_to="nobody@nowhere.invalid")

	def test_edit_changes_only_what_was_sent_and_accepts_the_name_alias(self):
		task = self.task(priority="High", description="old", start_date="2025-12-05")
		edited = api.edit_task(task_id=task.name, priority="Medium", description="Updated description")
		self.assertEqual(list(edited), DETAIL_KEYS)
		self.assertEqual((edited["priority"], edited["description"]), ("Medium", "Updated description"))
		self.assertEqual(edited["start_date"], "2025-12-05")
		self.assertEqual(edited["title"], task.title)
		self.assertEqual(api.edit_task(name=str(task.name), status="In Progress")["status"], "In Progress")
		self.assertIsNone(api.edit_task(task_id=task.name, start_date="")["start_date"])

	def test_edit_errors(self):
		mine, bobs = self.task(), None
		with self.set_user(self.bob):
			bobs = self.task()
		with self.assertRaises(frappe.DoesNotExistError):
			api.edit_task(task_id=99999999, title="x")
		with self.assertRaises(frappe.PermissionError):
			api.edit_task(task_id=bobs.name, title="mine now")
		with self.assertRaises(frappe.ValidationError):
			api.edit_task(task_id=mine.name, title="   ")
		with self.assertRaises(frappe.ValidationError):
			api.edit_task(task_id="abc", title="x")
		with self.assertRaises(frappe.ValidationError):
			api.edit_task(title="x")
		self.assertEqual(frappe.db.get_value("CRM Task", bobs.name, "title"), bobs.title)

	def test_update_status(self):
		task = self.task()
		self.assertEqual(api.update_status(task_id=task.name, status="Done")["status"], "Done")
		for bad in ("Completed", None, ""):
			with self.subTest(bad), self.assertRaises(frappe.ValidationError):
				api.update_status(task_id=task.name, status=bad)
		with self.assertRaises(frappe.DoesNotExistError):
			api.update_status(task_id=99999999, status="Done")

	def test_delete_answers_ok_and_removes_the_task(self):
		task = self.task()
		self.assertEqual(api.delete_task(task_id=task.name), f"Task {task.name} deleted successfully")
		self.assertIs(frappe.local.response.get("ok"), True)
		self.assertFalse(frappe.db.exists("CRM Task", task.name))
		with self.assertRaises(frappe.DoesNotExistError):
			api.delete_task(task_id=task.name)

	def test_delete_someone_elses_task_is_forbidden(self):
		with self.set_user(self.bob):
			bobs = self.task()
		with self.assertRaises(frappe.PermissionError):
			api.delete_task(task_id=bobs.name)
		self.assertTrue(frappe.db.exists("CRM Task", bobs.name))
		frappe.set_user(self.manager)
		api.delete_task(name=bobs.name)
		self.assertFalse(frappe.db.exists("CRM Task", bobs.name))


class TestAssignment(MobileAPITestCase):
	def open_assignees(self, name):
		return frappe.get_all(
			"ToDo",
			filters={"reference_type": "CRM Task", "reference_name": str(name), "status": "Open"},
			pluck="allocated_to",
		)

	def test_assignment_is_created_moved_and_cleared(self):
		task = api.create_task(title=f"{TITLE_MARK} assign", task_type="Call", assigned_to=self.bob)
		self.assertEqual(task["assigned_to"], self.bob)
		self.assertEqual(self.open_assignees(task["name"]), [self.bob])

		moved = api.edit_task(task_id=task["name"], assigned_to=self.manager)
		self.assertEqual(moved["assigned_to"], self.manager)
		self.assertEqual(self.open_assignees(task["name"]), [self.manager])

		cleared = api.edit_task(task_id=task["name"], assigned_to="")
		self.assertIsNone(cleared["assigned_to"])
		self.assertEqual(self.open_assignees(task["name"]), [])

	def test_the_assignee_sees_and_closes_the_task_until_reassigned(self):
		task = api.create_task(title=f"{TITLE_MARK} for bob", task_type="Call", assigned_to=self.bob)
		with self.set_user(self.bob):
			self.assertIn(task["name"], [row["name"] for row in api.filter_tasks(limit=100)["data"]])
			self.assertEqual(api.update_status(task_id=task["name"], status="Done")["status"], "Done")
		api.edit_task(task_id=task["name"], assigned_to=self.manager)
		with self.set_user(self.bob):
			self.assertNotIn(task["name"], [row["name"] for row in api.filter_tasks(limit=100)["data"]])
			with self.assertRaises(frappe.PermissionError):
				api.update_status(task_id=task["name"], status="Todo")
		self.assertIn(task["name"], [row["name"] for row in api.filter_tasks(limit=100)["data"]])


class TestLists(MobileAPITestCase):
	def test_pagination_totals_and_has_next_across_pages(self):
		made = {self.task(title=f"{TITLE_MARK} page {i}").name for i in range(25)}
		pages = [api.filter_tasks(limit=10, page=page) for page in (1, 2, 3, 4)]
		self.assertEqual([p["total"] for p in pages], [25] * 4)
		self.assertEqual([len(p["data"]) for p in pages], [10, 10, 5, 0])
		self.assertEqual([p["has_next"] for p in pages], [True, True, False, False])
		self.assertEqual([p["page_size"] for p in pages], [10] * 4)
		seen = [row["name"] for p in pages for row in p["data"]]
		self.assertEqual(len(seen), len(set(seen)))
		self.assertEqual(set(seen), made)
		self.assertEqual(list(pages[0]["data"][0]), LIST_KEYS)

	def test_bad_pagination_falls_back_and_limit_is_capped(self):
		self.task()
		for page, limit, expected in (
			("abc", "", (1, 20)),
			(None, None, (1, 20)),
			("-1", "0", (1, 20)),
			(1, 1000, (1, 100)),
		):
			with self.subTest(page=page, limit=limit):
				answer = api.filter_tasks(page=page, limit=limit)
				self.assertEqual((answer["page"], answer["page_size"]), expected)

	def test_filters_by_importance_status_and_date_range(self):
		day = self.today
		self.task(title=f"{TITLE_MARK} a", priority="High", status="Todo", start_date=day)
		self.task(title=f"{TITLE_MARK} b", priority="High", status="Done", due_date=f"{day} 23:59:59")
		self.task(title=f"{TITLE_MARK} c", priority="Low", status="Todo", start_date=day)
		self.task(title=f"{TITLE_MARK} d", priority="High", status="Todo", start_date=day + timedelta(days=3))
		titles = lambda answer: sorted(row["title"][-1] for row in answer["data"])  # noqa: E731
		self.assertEqual(titles(api.filter_tasks(importance="High")), ["a", "b", "d"])
		self.assertEqual(titles(api.filter_tasks(importance="High,Low", status="Todo")), ["a", "c", "d"])
		self.assertEqual(titles(api.filter_tasks(date_from=str(day), date_to=str(day))), ["a", "b", "c"])
		self.assertEqual(titles(api.filter_tasks(date_from=str(day + timedelta(days=1)))), ["d"])
		for bad in ({"importance": "Urgent"}, {"status": "Completed"}, {"date_from": "2025-13-45"}):
			with self.subTest(bad), self.assertRaises(frappe.ValidationError):
				api.filter_tasks(**bad)

	def test_order_by_allow_list(self):
		for priority in ("Low", "High", "Medium"):
			self.task(title=f"{TITLE_MARK} {priority}", priority=priority)
		self.assertEqual(
			[r["priority"] for r in api.filter_tasks(order_by="priority desc")["data"]],
			["High", "Medium", "Low"],
		)
		self.assertEqual(
			[r["priority"] for r in api.filter_tasks(order_by="priority asc")["data"]],
			["Low", "Medium", "High"],
		)
		for bad in ("owner asc", "modified desc; drop table `tabCRM Task`", "(select 1) asc", "sleep(1)"):
			with self.subTest(bad), self.assertRaises(frappe.ValidationError):
				api.filter_tasks(order_by=bad)

	def test_lists_show_only_what_the_caller_may_read(self):
		mine = self.task(title=f"{TITLE_MARK} mine")
		with self.set_user(self.bob):
			bobs = self.task(title=f"{TITLE_MARK} bobs")
		names = {row["name"] for row in api.filter_tasks(limit=100)["data"]}
		self.assertIn(mine.name, names)
		self.assertNotIn(bobs.name, names)
		frappe.set_user(self.manager)  # newest first: a lived-in site has more than a page of tasks
		names = {row["name"] for row in api.filter_tasks(limit=100, order_by="name desc")["data"]}
		self.assertTrue({mine.name, bobs.name} <= names)
		frappe.set_user(self.outsider)
		with self.assertRaises(frappe.PermissionError):
			api.filter_tasks()

	def test_every_list_spells_times_as_a_single_task_does(self):
		"""However the database sends them (MariaDB as text), a listed task's times are spelled as
		the task's own answer spells them: whole seconds with no fraction."""
		day = self.today
		made = self.task(title=f"{TITLE_MARK} times", start_date=day, due_date=f"{day} 10:00:00")
		frappe.db.set_value("CRM Task", made.name, "modified", f"{day} 09:30:00", update_modified=False)
		task_versions.renew_every_version()  # written around the task's hooks
		expected = serialize_task(frappe.get_doc("CRM Task", made.name).as_dict())
		self.assertEqual((expected["due_date"], expected["modified"]), (f"{day} 10:00:00", f"{day} 09:30:00"))
		for user in (self.alice, self.manager):  # read in parts, and in one
			frappe.set_user(user)
			since = f"{day - timedelta(days=1)} 00:00:00"
			lists = {
				"filter": api.filter_tasks(limit=100, order_by="name desc")["data"],
				"home": api.home_tasks(limit=100)["today"],
				"buckets": api.main_page_buckets(min_each=100)["today"],
				"sync": api.sync_tasks(since=since, limit=500)["tasks"],
			}
			for name, rows in lists.items():
				with self.subTest(user=user, list=name):
					self.assertIn(expected, rows)

	def test_home_tasks_are_today_ordered_by_meaning_then_due_date(self):
		day, at = self.today, lambda h: f"{self.today} {h:02d}:00:00"
		self.task(title=f"{TITLE_MARK} low", priority="Low", start_date=day)
		self.task(title=f"{TITLE_MARK} high-late", priority="High", due_date=at(17))
		self.task(title=f"{TITLE_MARK} high-undated", priority="High", start_date=day)
		self.task(title=f"{TITLE_MARK} high-early", priority="High", due_date=at(9))
		self.task(title=f"{TITLE_MARK} medium", priority="Medium", start_date=day)
		self.task(title=f"{TITLE_MARK} tomorrow", priority="High", start_date=day + timedelta(days=1))
		answer = api.home_tasks(limit=10)
		self.assertEqual(answer["limit"], 10)
		self.assertEqual(
			[row["title"].removeprefix(f"{TITLE_MARK} ") for row in answer["today"]],
			["high-early", "high-late", "high-undated", "medium", "low"],
		)
		self.assertEqual(len(api.home_tasks(limit=2)["today"]), 2)
		self.assertEqual(api.home_tasks(limit="abc")["limit"], 5)

	def test_buckets_around_today(self):
		day = self.today
		start = get_datetime(f"{day} 00:00:00")
		made = {
			"yesterday-due": self.task(due_date=add_to_date(start, seconds=-1)),
			"yesterday-done": self.task(due_date=add_to_date(start, days=-1), status="Done"),
			"today-start": self.task(start_date=day),
			"today-midnight": self.task(due_date=start),
			"today-last-second": self.task(due_date=add_to_date(start, days=1, seconds=-1)),
			"tomorrow-start": self.task(start_date=day + timedelta(days=1)),
			"tomorrow-due": self.task(due_date=add_to_date(start, days=1)),
		}
		answer = api.main_page_buckets(min_each=50)
		self.assertEqual(answer["min_each"], 50)
		found = {bucket: {row["name"] for row in answer[bucket]} for bucket in ("today", "late", "upcoming")}
		ids = {key: doc.name for key, doc in made.items()}
		self.assertEqual(
			found["today"], {ids["today-start"], ids["today-midnight"], ids["today-last-second"]}
		)
		self.assertEqual(found["late"], {ids["yesterday-due"]})
		self.assertEqual(found["upcoming"], {ids["tomorrow-start"]})
		self.assertEqual(len(api.main_page_buckets(min_each=1)["today"]), 1)
		self.assertEqual(api.main_page_buckets(min_each="x")["min_each"], 5)

	def test_buckets_read_the_three_lists_in_one_statement(self):
		"""A seller's in parts; a manager's today sorts its keys first and reads their rows in the
		same statement as the other two lists."""
		day = self.today
		made = [
			self.task(title=f"{TITLE_MARK} today", start_date=day),
			self.task(
				title=f"{TITLE_MARK} late", due_date=get_datetime(f"{day} 09:00:00") - timedelta(days=2)
			),
			self.task(title=f"{TITLE_MARK} upcoming", start_date=day + timedelta(days=2)),
		]
		frappe.db.commit()  # the seller's parts are then kept, as between a phone's requests
		try:
			for user in (self.alice, self.manager):
				frappe.set_user(user)
				first = api.main_page_buckets(min_each=3)
				with mock.patch.object(frappe.db, "sql", wraps=frappe.db.sql) as sql:
					self.assertEqual(api.main_page_buckets(min_each=3), first)
				ran = [call for call in sql.call_args_list if call.kwargs.get("run", True) is not False]
				self.assertEqual(len([call for call in ran if "tabCRM Task" in str(call.args[0])]), 1)
				self.assertTrue(all(first[bucket] for bucket in ("today", "late", "upcoming")), user)
		finally:
			frappe.set_user("Administrator")
			for task in made:
				frappe.delete_doc("CRM Task", task.name, force=True)
			frappe.db.commit()

	def test_upcoming_is_soonest_then_most_important(self):
		day = self.today
		made = [
			("d1-low", 1, "Low"),
			("d1-high", 1, "High"),
			("d3-medium", 3, "Medium"),
			("d3-high", 3, "High"),
			("d3-low", 3, "Low"),
			("d9-high", 9, "High"),
		]
		for title, days, priority in made:
			self.task(title=f"{TITLE_MARK} {title}", priority=priority, start_date=day + timedelta(days=days))

		def upcoming(limit):
			rows = api.main_page_buckets(min_each=limit)["upcoming"]
			return [row["title"].removeprefix(f"{TITLE_MARK} ") for row in rows]

		everything = ["d1-high", "d1-low", "d3-high", "d3-medium", "d3-low", "d9-high"]
		self.assertEqual(upcoming(2), everything[:2])  # within one start date
		self.assertEqual(upcoming(4), everything[:4])  # across start dates, most important first in each
		self.assertEqual(upcoming(6), everything)  # up to the last one
		self.assertEqual(upcoming(50), everything)  # fewer than asked for


class TestOAuthConfig(IntegrationTestCase):
	def test_not_configured_then_missing_client_id_then_configured(self):
		frappe.db.delete("Singles", {"doctype": "Mobile OAuth Settings"})
		frappe.clear_document_cache("Mobile OAuth Settings", "Mobile OAuth Settings")
		with self.assertRaises(frappe.ValidationError) as caught:
			api.get_oauth_config()
		self.assertIn("Mobile OAuth Settings not configured", str(caught.exception))

		settings = frappe.get_single("Mobile OAuth Settings")
		settings.redirect_uri = "app.trust://oauth2redirect"
		settings.save()
		with self.assertRaises(frappe.ValidationError) as caught:
			api.get_oauth_config()
		self.assertIn("Mobile OAuth Settings: client_id is missing.", str(caught.exception))

		client_id = settings.create_oauth_client()
		self.assertEqual(
			api.get_oauth_config(),
			{"client_id": client_id, "scope": "all openid", "redirect_uri": "app.trust://oauth2redirect"},
		)
