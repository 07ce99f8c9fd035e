"""Shared fixtures of the tier-2 tests: users with roles, tasks, and a real HTTP server.

HTTP tests talk to Frappe's own WSGI application served on 127.0.0.1 from a thread of the test
process. Each request runs in its own context with its own database connection, exactly as under
gunicorn, so what an HTTP test reads must be committed; those tests clean up after themselves.
"""

import secrets
import threading
from datetime import datetime, timedelta
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import frappe
import frappe.share
import requests
from frappe.utils import now_datetime
from werkzeug.serving import make_server

from crm.common import last_active, sqlite_sequences, task_versions

try:  # Frappe v16
	from frappe.tests import IntegrationTestCase
except ImportError:  # Frappe v15
	from frappe.tests.utils import FrappeTestCase as IntegrationTestCase

__all__ = [
	"IntegrationTestCase",
	"Receiver",
	"SMTPStandIn",
	"TaskFixtureCase",
	"api_call",
	"api_token",
	"as_if_inactive_since",
	"assign_in_bulk",
	"bulk_tasks",
	"delete_test_data",
	"http",
	"last_active_of",
	"make_contact",
	"make_task",
	"make_user",
	"outgoing_email_account",
	"restrict_to_contact",
	"server_url",
	"set_last_active",
	"share_task",
]

PASSWORD = "Crm-Test-" + secrets.token_hex(8)
TEST_DOMAIN = "crm-tests.example.com"
TITLE_MARK = "crm-test"  # every task a test makes has a title starting with this


def make_user(local_part: str, roles: tuple[str, ...] = (), **values: Any) -> str:
	"""A website or desk user `local_part@crm-tests.example.com` with exactly `roles`."""
	email = f"{local_part}@{TEST_DOMAIN}"
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
	else:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": local_part.replace("-", " ").title(),
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	user.update(values)
	user.set("roles", [])
	for role in roles:
		user.append("roles", {"role": role})
	user.new_password = PASSWORD
	user.save(ignore_permissions=True)
	return email


def make_task(**values: Any) -> Any:
	task = frappe.new_doc("CRM Task")
	task.update({"title": f"{TITLE_MARK} task", "task_type": "Call"} | values)
	task.insert(ignore_permissions=True)
	return task


def bulk_tasks(owner: str, count: int) -> list[int]:
	"""`count` tasks of `owner`, ten at a time sharing one `modified` (ties a cursor must handle)."""
	start = now_datetime() - timedelta(days=3)
	names = []
	for index in range(count):
		doc = frappe.get_doc(
			{
				"doctype": "CRM Task",
				"title": f"{TITLE_MARK} walk {index}",
				"task_type": "Call",
				"status": "Todo",
				"priority": "Medium",
				"priority_rank": 2,
				"owner": owner,
				"modified_by": owner,
			}
		)
		sqlite_sequences.name_before_insert(doc)  # db_insert skips the controller's naming
		doc.db_insert()
		stamp = start + timedelta(seconds=index // 10)
		task = frappe.qb.DocType("CRM Task")  # owner and times as a phone's own old tasks have them
		frappe.qb.update(task).set(task.owner, owner).set(task.modified, stamp).set(
			task.creation, stamp
		).where(task.name == doc.name).run()
		names.append(int(doc.name))
	frappe.db.commit()
	task_versions.renew_every_version()  # written around CRM Task's hooks
	return names


def assign_in_bulk(names: list, user: str) -> None:
	"""Assign the tasks `names` to `user` in one statement, around CRM Task's hooks (a fixture:
	`TaskFixtureCase.tasks_written` then makes it count)."""
	task = frappe.qb.DocType("CRM Task")
	frappe.qb.update(task).set(task.assigned_to, user).where(task.name.isin(names)).run()


class TaskFixtureCase(IntegrationTestCase):
	"""Tasks a class writes once for all its tests, removed after the class; each test ends as
	Administrator."""

	@classmethod
	def tasks_written(cls) -> None:
		"""Commit the fixture, and renew every task version: it was written around CRM Task's hooks."""
		frappe.db.commit()
		task_versions.renew_every_version()

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.set_user("Administrator")
		delete_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		frappe.set_user("Administrator")


def share_task(task: int | str, user: str) -> None:
	"""Share a task with `user` in Desk, as a colleague would (`delete_test_data` removes it)."""
	frappe.share.add_docshare("CRM Task", task, user, flags={"ignore_share_permission": True})


def make_contact(first_name: str, email: str | None = None, phone: str | None = None) -> Any:
	"""A Contact named after `first_name` (tests prefix it with TITLE_MARK), with an email address
	and a mobile number typed as a person would, if given; committed by the caller."""
	contact = frappe.get_doc({"doctype": "Contact", "first_name": f"{TITLE_MARK} {first_name}"})
	if email:
		contact.append("email_ids", {"email_id": email, "is_primary": 1})
	if phone:
		contact.append("phone_nos", {"phone": phone, "is_primary_mobile_no": 1})
	contact.insert(ignore_permissions=True)
	return contact


def restrict_to_contact(user: str, contact: str) -> None:
	"""A Frappe User Permission: `user` may read only `contact` among Contacts (committed by the caller)."""
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Contact", "for_value": contact}
	).insert(ignore_permissions=True)


def outgoing_email_account() -> str:
	"""The test site's default outgoing Email Account (made once; SMTP is never contacted)."""
	name = f"{TITLE_MARK} outgoing"
	if not frappe.db.exists("Email Account", name):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": name,
				"email_id": f"crm-outgoing@{TEST_DOMAIN}",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"smtp_port": 2525,
				"no_smtp_authentication": 1,
				"awaiting_password": 0,
			}
		).insert(ignore_permissions=True)
	return name


def delete_email_test_data() -> None:
	"""Remove what email tests committed: drafts on test contacts, their queue rows, webhooks."""
	frappe.set_user("Administrator")
	fresh_snapshot()
	contacts = frappe.get_all("Contact", filters={"first_name": ("like", f"{TITLE_MARK}%")}, pluck="name")
	if contacts:
		for name in frappe.get_all(
			"Communication",
			filters={"reference_doctype": "Contact", "reference_name": ("in", contacts)},
			pluck="name",
		):
			for queued in frappe.get_all("Email Queue", filters={"communication": name}, pluck="name"):
				frappe.delete_doc("Email Queue", queued, force=True, ignore_permissions=True)
			frappe.delete_doc("Communication", name, force=True, ignore_permissions=True)
	for hook in frappe.get_all(
		"CRM Webhook", filters={"description": ("like", f"{TITLE_MARK}%")}, pluck="name"
	):
		for delivery in frappe.get_all("CRM Webhook Delivery", filters={"webhook": hook}, pluck="name"):
			frappe.delete_doc("CRM Webhook Delivery", delivery, force=True, ignore_permissions=True)
		frappe.delete_doc("CRM Webhook", hook, force=True, ignore_permissions=True)
	for name in contacts:
		frappe.delete_doc("Contact", name, force=True, ignore_permissions=True)
	for account in frappe.get_all(
		"Email Account", filters={"name": ("like", f"{TITLE_MARK}%")}, pluck="name"
	):
		frappe.delete_doc("Email Account", account, force=True, ignore_permissions=True)
	frappe.db.commit()


def delete_test_data() -> None:
	"""Remove what HTTP tests committed: tasks, their assignments, activities, organizations,
	email accounts on the test domain, and the test users with their shares."""
	frappe.set_user("Administrator")
	fresh_snapshot()
	for doctype, filters in (
		("CRM Activity", {"subject": ("like", f"{TITLE_MARK}%")}),
		("CRM Organization", {"name": ("like", f"{TITLE_MARK}%")}),
		("Email Account", {"name": ("like", f"%@{TEST_DOMAIN}")}),
	):
		for name in frappe.get_all(doctype, filters=filters, pluck="name"):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for name in frappe.get_all("CRM Task", filters={"title": ("like", f"{TITLE_MARK}%")}, pluck="name"):
		frappe.delete_doc("CRM Task", name, force=True, ignore_permissions=True)
	for user in frappe.get_all("User", filters={"name": ("like", f"%@{TEST_DOMAIN}")}, pluck="name"):
		for todo in frappe.get_all("ToDo", filters={"allocated_to": user}, pluck="name"):
			frappe.delete_doc("ToDo", todo, force=True, ignore_permissions=True)
		for permission in frappe.get_all("User Permission", filters={"user": user}, pluck="name"):
			frappe.delete_doc("User Permission", permission, force=True, ignore_permissions=True)
		frappe.db.delete("DocShare", {"user": user})
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def as_if_inactive_since(users: list[str], moment: datetime) -> None:
	"""The users' last activity set to `moment`, and every throttle of its write forgotten, as if
	no call had written it for ten minutes: Frappe 15's, shared by all token calls (Redis), and the
	app's on Frappe 16 (Redis, and this process's, which serves the test server)."""
	set_last_active(users, moment)
	frappe.cache.hdel("last_db_session_update", "Guest")
	last_active.forget()


def set_last_active(users: list[str], moment: datetime) -> None:
	"""The users' last activity set to `moment` and committed, from a fresh snapshot (SQLite refuses
	a write from a read view older than the test server's last commit)."""
	fresh_snapshot()
	for user in users:
		frappe.db.set_value("User", user, "last_active", moment, update_modified=False)
	frappe.db.commit()


def last_active_of(user: str) -> datetime:
	"""The user's last activity as the test server committed it."""
	fresh_snapshot()
	return frappe.db.get_value("User", user, "last_active")


def fresh_snapshot() -> None:
	"""End this connection's transaction, so its next read sees what the HTTP server committed
	(MariaDB's REPEATABLE READ keeps a transaction on the snapshot of its first read)."""
	frappe.db.rollback()


def descending_columns(table: str, index_name: str) -> tuple[str, ...]:
	"""The columns an index keeps in descending order, as the database reports them."""
	if frappe.db.db_type == "mariadb":
		found = frappe.db.sql(
			"""select column_name from information_schema.statistics where table_schema = database()
			and table_name = %s and index_name = %s and collation = 'D' order by seq_in_index""",
			(table, index_name),
		)
		return tuple(row[0] for row in found)
	if frappe.db.db_type == "postgres":
		definition = frappe.db.sql("select indexdef from pg_indexes where indexname = %s", index_name)
		terms = definition[0][0].partition("(")[2].rstrip(")").split(", ")
		return tuple(term.split()[0].strip('"') for term in terms if term.endswith(" DESC"))
	found = frappe.db.sql(f"select name from pragma_index_xinfo('{index_name}') where `desc` = 1 and key = 1")
	return tuple(row[0] for row in found)


class _Server(threading.Thread):
	def __init__(self) -> None:
		super().__init__(daemon=True)
		from frappe.app import application

		self.httpd = make_server("127.0.0.1", 0, application, threaded=True)

	def run(self) -> None:
		self.httpd.serve_forever()


@cache
def server_url() -> str:
	server = _Server()
	server.start()
	return f"http://127.0.0.1:{server.httpd.server_port}"


def api_token(user: str) -> str:
	"""An `Authorization` header value with a fresh API key and secret of `user` (committed)."""
	doc = frappe.get_doc("User", user)
	doc.api_key = frappe.generate_hash(length=15)
	secret = frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	return f"token {doc.api_key}:{secret}"


def http(method: str, path: str, *, token: str | None = None, **kwargs: Any) -> requests.Response:
	"""An HTTP request to this site; `token` is the Authorization header value as given
	("Bearer …", "token key:secret"), or None for a guest. From another thread, pass `site`."""
	site = kwargs.pop("site", None) or frappe.local.site  # threads of a test pass `site`
	headers = {"X-Frappe-Site-Name": site, "Accept": "application/json"}
	headers.update(kwargs.pop("headers", {}))
	if token:
		headers["Authorization"] = token
	return requests.request(method, f"{server_url()}{path}", headers=headers, timeout=60, **kwargs)


def api_call(method: str, path: str, token: str | None, payload: dict[str, Any]) -> requests.Response:
	"""A call as clients make it: a GET sends `payload` as query parameters, a POST as JSON."""
	if method == "GET":
		return http("GET", path, token=token, params=payload)
	return http(method, path, token=token, json=payload)


class Receiver:
	"""A webhook receiver on 127.0.0.1 that records what it gets."""

	def __init__(self, port: int = 0, status: int = 200) -> None:
		received = self.received = []
		self.status = status
		outer = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self) -> None:
				body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
				received.append({"headers": dict(self.headers), "body": body})
				self.send_response(outer.status)
				self.end_headers()

			def log_message(self, *args) -> None:
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
		self.port = self.server.server_port
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.port}/hook"

	def stop(self) -> None:
		self.server.shutdown()
		self.server.server_close()


class SMTPStandIn:
	"""A loopback SMTP server that greets and says 250 to everything, for Frappe's connection check
	when an Email Account is created over HTTP (nothing is ever delivered)."""

	def __init__(self) -> None:
		import socketserver

		class Handler(socketserver.StreamRequestHandler):
			def handle(self) -> None:
				self.wfile.write(b"220 crm-test ESMTP\r\n")
				for line in self.rfile:
					if line.upper().startswith(b"QUIT"):
						self.wfile.write(b"221 bye\r\n")
						return
					self.wfile.write(b"250 ok\r\n")

		self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
		self.server.daemon_threads = True
		self.port = self.server.server_address[1]
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	def stop(self) -> None:
		self.server.shutdown()
		self.server.server_close()
