"""SQL-injection strings through every ordering, filter and search parameter: no data changes, no
rows the caller may not read, and never a server error (only 200, 403, 404 or 417)."""

import frappe
from frappe.query_builder.functions import Max

from crm.api import activities, comment, contact, email, mobile_api, todo, whatsapp
from crm.tests.utils import (
	IntegrationTestCase,
	delete_test_data,
	make_contact,
	make_task,
	make_user,
	restrict_to_contact,
)

CORPUS = (
	"' OR '1'='1",
	"' OR 1=1 --",
	'" OR ""="',
	"1; DROP TABLE `tabCRM Task`; --",
	"modified desc; DELETE FROM `tabCRM Task`",
	"name desc, (SELECT SLEEP(5))",
	"(SELECT 1 FROM dual WHERE 1=1)",
	"title desc LIMIT 1 UNION SELECT name, password FROM __Auth",
	"1 UNION ALL SELECT NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL --",
	"'; UPDATE tabUser SET enabled=0; --",
	"admin'--",
	"' AND EXTRACTVALUE(1, CONCAT(0x5c, (SELECT database()))) --",
	"%' OR name LIKE '%",
	"\\'; SELECT * FROM tabUser; --",
	"IF(1=1, SLEEP(3), 0)",
	"`name`",
	"priority asc, `tabUser`.`name` desc",
	"CASE WHEN 1=1 THEN name ELSE title END",
	"0x27204f522031",
	"'||(SELECT version())||'",
	"%00' OR 1=1",
	"ﾠ' OR 1=1 --",
	"title;",
	"title desc /*",
	"1) OR (1=1",
	"Todo' OR status LIKE '%",
	"Done,Todo' --",
	"2026-01-01' OR '1'='1",
	"Contact' OR '1'='1",
	"+966501234567' OR 1=1 --",
)
ALLOWED = (frappe.ValidationError, frappe.PermissionError, frappe.DoesNotExistError)


def snapshot() -> dict:
	"""Row counts and last changes of what an injection would touch."""
	frappe.db.rollback()
	state = {}
	for doctype in (
		"CRM Task",
		"Contact",
		"User",
		"Communication",
		"CRM WhatsApp Message",
		"ToDo",
		"Comment",
	):
		state[doctype] = (frappe.db.count(doctype), last_modified(doctype))
	state["enabled users"] = frappe.db.count("User", {"enabled": 1})
	return state


def last_modified(doctype: str):
	"""The newest `modified` of `doctype`, by the query builder: a `max(modified)` field through
	get_value gets an ORDER BY that PostgreSQL rejects, aborting the test's transaction."""
	table = frappe.qb.DocType(doctype)
	return frappe.qb.from_(table).select(Max(table.modified)).run()[0][0]


class TestInjection(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("inj-alice", ("Sales User",))
		cls.bob = make_user("inj-bob", ("Sales User",))
		frappe.set_user(cls.alice)
		cls.alice_task = make_task(title="crm-test alice").name
		frappe.set_user(cls.bob)
		cls.bob_task = make_task(title="crm-test bob").name
		frappe.set_user("Administrator")
		cls.visible_contact = make_contact("Inj Visible").name
		cls.hidden_contact = make_contact("Inj Hidden").name
		restrict_to_contact(cls.alice, cls.visible_contact)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.set_user("Administrator")
		for name in (cls.visible_contact, cls.hidden_contact):
			frappe.delete_doc("Contact", name, force=True, ignore_permissions=True)
		delete_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		frappe.set_user("Administrator")

	def attempt(self, fn, **kwargs):
		"""The answer, or None when refused with a client error; any other exception fails."""
		try:
			return fn(**kwargs)
		except ALLOWED:
			frappe.db.rollback()
			return None

	def test_corpus_changes_nothing_and_leaks_nothing(self):
		before = snapshot()
		frappe.set_user(self.alice)
		for text in CORPUS:
			with self.subTest(text=text):
				self.assertIsNone(self.attempt(mobile_api.filter_tasks, order_by=text))
				self.assertIsNone(self.attempt(mobile_api.filter_tasks, status=text))
				self.assertIsNone(self.attempt(mobile_api.filter_tasks, importance=text))
				self.assertIsNone(self.attempt(mobile_api.filter_tasks, date_from=text))
				for answer in (
					self.attempt(mobile_api.filter_tasks, limit=text, page=text),
					self.attempt(mobile_api.home_tasks, limit=text),
				):
					rows = answer.get("data", answer.get("today", [])) if answer else []
					self.assertNotIn(self.bob_task, [row["name"] for row in rows])
				found = self.attempt(contact.get_contacts, search=text)
				self.assertEqual([row["name"] for row in (found or {}).get("data", [])], [])
				organizations = self.attempt(contact.get_organizations, search=text)
				self.assertEqual((organizations or {}).get("data", []), [])
				self.assertIsNone(self.attempt(whatsapp.get_messages, phone=text))
				self.assertIsNone(
					self.attempt(activities.get_activities, reference_doctype="Contact", reference_name=text)
				)
				self.assertIsNone(
					self.attempt(comment.get_comments, reference_doctype=text, reference_name="x")
				)
				self.assertIsNone(self.attempt(email.get_inbox, doctype="Contact", docname=text))
				todos = self.attempt(todo.get_todos, status=text)
				self.assertEqual((todos or {}).get("data", []), [])
		frappe.set_user("Administrator")
		self.assertEqual(snapshot(), before)

	def test_search_never_widens_what_a_restricted_user_sees(self):
		frappe.set_user(self.alice)
		for text in ("' OR '1'='1", "%", "%' OR name LIKE '%", "Inj"):
			with self.subTest(text=text):
				names = [row["name"] for row in contact.get_contacts(search=text, limit=100)["data"]]
				self.assertNotIn(self.hidden_contact, names)
		self.assertIn(
			self.visible_contact, [row["name"] for row in contact.get_contacts(search="Inj")["data"]]
		)
		tasks = [row["name"] for row in mobile_api.filter_tasks(limit=100)["data"]]
		self.assertIn(self.alice_task, tasks)
		self.assertNotIn(self.bob_task, tasks)

	def test_huge_page_numbers_never_reach_the_database(self):
		"""Found by schemathesis: page=1.8e308 reached SQL OFFSET. A number no database integer holds is
		invalid (page 1, as docs/mobile-api.md says of bad pages); a deep valid page is the last one, empty."""
		from crm.api import notifications

		frappe.set_user(self.alice)
		for page, answered in (
			(1.7976931348623157e308, 1),
			(2**70, 1),
			("99999999999999999999", 1),
			(10**9, 1_000_000),
		):
			with self.subTest(page=page):
				self.assertEqual(contact.get_contacts(page=page, limit=20)["page"], answered)
				self.assertEqual(notifications.get_notifications(page=page)["page"], answered)
				self.assertEqual(mobile_api.filter_tasks(page=page)["page"], answered)
		self.assertEqual(contact.get_contacts(page=10**9)["data"], [])
