"""The managers' Desk: the CRM workspace, its number cards and chart, the overdue report, the task
calendar and board, each read through the caller's permissions.

A seeded team: sellers A and B (Sales User) and their manager M (Sales Manager). The sellers'
figures are exact (their users are new); the manager's are measured against the site's figures
before the seed, as other tests may leave tasks behind.
"""

import json
from datetime import datetime, time, timedelta

import frappe
from frappe.desk.desktop import get_desktop_page
from frappe.desk.query_report import run as run_report
from frappe.utils import get_fullname

from crm.core import desk_figures
from crm.crm.dashboard_chart_source.tasks_done_per_week_by_seller import tasks_done_per_week_by_seller
from crm.crm.report.overdue_tasks_by_seller import overdue_tasks_by_seller
from crm.desk import figures, number_cards
from crm.desk.setup import TASK_BOARD
from crm.mobile.tasks import site_today
from crm.tests.utils import IntegrationTestCase, delete_test_data, make_task, make_user

REPORT = "Overdue Tasks by Seller"
CARDS = {"My Tasks Today": "my_tasks_today", "Overdue": "overdue", "Done This Week": "done_this_week"}


def figures_of(user: str) -> dict[str, int]:
	frappe.set_user(user)
	try:
		return {label: getattr(number_cards, method)()["value"] for label, method in CARDS.items()}
	finally:
		frappe.set_user("Administrator")


def report_of(user: str, **filters) -> dict[str, dict]:
	"""The report's rows as `user` gets them from Frappe's report runner, by seller."""
	frappe.set_user(user)
	try:
		answer = run_report(REPORT, filters=filters)
	finally:
		frappe.set_user("Administrator")
	return {row["seller"]: row for row in answer["result"] if isinstance(row, dict) and row.get("seller")}


def report_rows_of(user: str, **filters) -> dict[str, dict]:
	"""The report's own rows as `user` reads them (the report's code, without Frappe's runner)."""
	frappe.set_user(user)
	try:
		_columns, rows, _message, _chart = overdue_tasks_by_seller.execute(filters)
	finally:
		frappe.set_user("Administrator")
	return {row["seller"]: row for row in rows}


def sellers_may_run_reports() -> bool:
	"""Frappe grants `report` on a DocType whose Sales User rule is `if_owner` to nobody (only
	read and select stay open): a seller runs the report once their rule is plain."""
	rules = frappe.get_meta("CRM Task").permissions
	return not any(rule.role == "Sales User" and rule.if_owner for rule in rules)


def chart_of(user: str, weeks: int = 8) -> dict:
	frappe.set_user(user)
	try:
		return tasks_done_per_week_by_seller.get(chart_name="x", filters=json.dumps({"weeks": weeks}))
	finally:
		frappe.set_user("Administrator")


def workspace_of(user: str) -> dict:
	frappe.set_user(user)
	try:
		return get_desktop_page(json.dumps({"name": "CRM", "title": "CRM", "public": 1}))
	finally:
		frappe.set_user("Administrator")


class TestDesk(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.a = make_user("desk-seller-a", ("Sales User",))
		cls.b = make_user("desk-seller-b", ("Sales User",))
		cls.m = make_user("desk-manager", ("Sales Manager",))
		cls.before = figures_of(cls.m)
		cls.before_report = report_of(cls.m)
		cls.seed()
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	@classmethod
	def seed(cls) -> None:
		today = site_today()
		days_ago = lambda n: datetime.combine(today - timedelta(days=n), time(10))  # noqa: E731
		cls.task(cls.a, start_date=today)
		cls.task(cls.a, due_date=datetime.combine(today, time(18)), status="In Progress")
		cls.task(cls.a, start_date=today, status="Done")
		cls.task(cls.a, due_date=days_ago(3), priority="High")
		cls.task(cls.a, due_date=days_ago(10), priority="Low")
		cls.three_weeks_ago = cls.task(cls.a, status="Done")
		cls.task(cls.b, due_date=days_ago(2), priority="Medium")
		cls.task(cls.b, status="Done")
		cls.task(cls.b, status="Canceled", due_date=days_ago(5))
		cls.task(cls.m, start_date=today)
		cls.task(cls.m, due_date=days_ago(1), priority="High")
		old = datetime.combine(today - timedelta(weeks=3), time(9))
		frappe.db.set_value("CRM Task", cls.three_weeks_ago, "completed_on", old, update_modified=False)

	@classmethod
	def task(cls, owner: str, **values) -> str:
		frappe.set_user(owner)
		try:
			return make_task(**values).name
		finally:
			frappe.set_user("Administrator")

	# --- what ships: workspace, cards, chart, report, views ------------------------------------

	def test_workspace_loads_with_its_shortcuts_cards_and_chart(self):
		page = workspace_of(self.m)
		shortcuts = {item["label"]: item for item in page["shortcuts"]["items"]}
		for label in (
			"Tasks",
			"Task Calendar",
			"Task Board",
			"Contacts",
			"Organizations",
			"Activities",
			REPORT,
		):
			self.assertIn(label, shortcuts)
		self.assertEqual(shortcuts["Human Inbox"]["url"], "/human_inbox")
		self.assertEqual(shortcuts["Task Board"]["kanban_board"], TASK_BOARD)
		# the settings are the System Manager's: Frappe shows a shortcut to whoever may open it
		self.assertNotIn("CRM Settings", shortcuts)
		admin_shortcuts = {item["label"] for item in workspace_of("Administrator")["shortcuts"]["items"]}
		self.assertLessEqual({"CRM Settings", "Mobile OAuth Settings"}, admin_shortcuts)
		cards = {item.number_card_name for item in page["number_cards"]["items"]}
		self.assertEqual(cards, set(CARDS))
		charts = [item.chart_name for item in page["charts"]["items"]]
		self.assertEqual(charts, ["Tasks Done per Week by Seller"])

	def test_a_seller_may_open_the_cards_the_chart_and_the_report(self):
		frappe.set_user(self.a)
		try:
			for card in CARDS:
				self.assertTrue(frappe.get_doc("Number Card", card).has_permission("read"), card)
			self.assertTrue(
				frappe.get_doc("Dashboard Chart", "Tasks Done per Week by Seller").has_permission()
			)
			self.assertTrue(frappe.get_doc("Report", REPORT).is_permitted())
		finally:
			frappe.set_user("Administrator")

	def test_a_seller_runs_the_report_and_gets_their_own_row(self):
		if not sellers_may_run_reports():
			self.skipTest("the Sales User's rule on CRM Task is if_owner, which withholds `report`")
		self.assertEqual(list(report_of(self.a)), [self.a])

	def test_the_task_board_has_a_column_per_status(self):
		board = frappe.get_doc("Kanban Board", TASK_BOARD)
		self.assertEqual(
			(board.reference_doctype, board.field_name, board.private), ("CRM Task", "status", 0)
		)
		statuses = frappe.get_meta("CRM Task").get_field("status").options.split("\n")
		self.assertEqual([column.column_name for column in board.columns], statuses)

	# --- figures for a seeded team ---------------------------------------------------------------

	def test_each_seller_counts_only_their_own_tasks(self):
		self.assertEqual(figures_of(self.a), {"My Tasks Today": 2, "Overdue": 2, "Done This Week": 1})
		self.assertEqual(figures_of(self.b), {"My Tasks Today": 0, "Overdue": 1, "Done This Week": 1})

	def test_the_manager_counts_the_team(self):
		after = figures_of(self.m)
		self.assertEqual(after["My Tasks Today"] - self.before["My Tasks Today"], 1)
		self.assertEqual(after["Overdue"] - self.before["Overdue"], 4)
		self.assertEqual(after["Done This Week"] - self.before["Done This Week"], 2)

	def test_the_chart_counts_done_tasks_per_week_and_seller(self):
		chart = chart_of(self.m, weeks=4)
		self.assertEqual(len(chart["labels"]), 4)
		values = {dataset["name"]: dataset["values"] for dataset in chart["datasets"]}
		a, b, m = (get_fullname(user) for user in (self.a, self.b, self.m))
		self.assertEqual(values[a], [1, 0, 0, 1])
		self.assertEqual(values[b], [0, 0, 0, 1])
		self.assertNotIn(m, values)
		# asked right after the manager, a seller still gets only their own (nothing is cached)
		self.assertEqual([dataset["name"] for dataset in chart_of(self.a, weeks=4)["datasets"]], [a])

	def test_the_report_has_a_row_per_seller_and_a_chart(self):
		rows = report_of(self.m)
		self.assertEqual(
			{key: rows[self.a][key] for key in ("overdue", "high", "medium", "low")},
			{"overdue": 2, "high": 1, "medium": 0, "low": 1},
		)
		self.assertEqual((rows[self.b]["overdue"], rows[self.b]["medium"]), (1, 1))
		self.assertEqual(rows[self.m]["overdue"], 1)
		frappe.set_user(self.m)
		try:
			chart = run_report(REPORT, filters={})["chart"]
		finally:
			frappe.set_user("Administrator")
		self.assertIn(get_fullname(self.a), chart["data"]["labels"])

	def test_a_seller_sees_only_their_own_row(self):
		self.assertEqual(list(report_rows_of(self.a)), [self.a])
		self.assertEqual(list(report_rows_of(self.b)), [self.b])
		self.assertEqual(report_rows_of(self.a)[self.a]["overdue"], 2)

	def test_the_report_filters_by_seller_priority_and_due_dates(self):
		self.assertEqual(list(report_of(self.m, seller=self.b)), [self.b])
		high = report_of(self.m, priority="High")
		self.assertEqual((high[self.a]["overdue"], high[self.m]["overdue"]), (1, 1))
		self.assertNotIn(self.b, high)
		today = site_today()
		recent = report_of(self.m, from_date=str(today - timedelta(days=4)), to_date=str(today))
		self.assertEqual(recent[self.a]["overdue"], 1)

	def test_a_task_the_manager_assigns_counts_for_the_seller(self):
		if not sellers_may_run_reports():
			self.skipTest("the Sales User's rule on CRM Task is if_owner: assigned tasks stay unseen")
		before = figures_of(self.b)
		task = self.task(self.m, assigned_to=self.b, start_date=site_today())
		try:
			self.assertEqual(figures_of(self.b)["My Tasks Today"], before["My Tasks Today"] + 1)
			self.assertEqual(figures_of(self.m)["My Tasks Today"], self.before["My Tasks Today"] + 1)
		finally:
			frappe.delete_doc("CRM Task", task, force=True, ignore_permissions=True)

	# --- completed_on ------------------------------------------------------------------------------

	def test_completed_on_is_set_when_done_and_cleared_when_reopened(self):
		task = make_task()
		self.assertIsNone(task.completed_on)
		task.status = "Done"
		task.save(ignore_permissions=True)
		first = task.completed_on
		self.assertIsNotNone(first)
		task.title = f"{task.title} again"
		task.save(ignore_permissions=True)
		self.assertEqual(str(task.completed_on), str(first))
		task.status = "Todo"
		task.save(ignore_permissions=True)
		self.assertIsNone(task.completed_on)
		task.delete(ignore_permissions=True)  # out of the team's figures

	def test_this_week_starts_on_the_sites_first_day(self):
		today = site_today()
		start = desk_figures.week_start(today, figures.first_weekday())
		self.assertLessEqual((today - start).days, 6)
		self.assertEqual(start.strftime("%A"), frappe.utils.data.get_first_day_of_the_week())
