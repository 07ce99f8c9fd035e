"""Every cell of crm/tests/permission_matrix.py, called over HTTP: endpoint x caller x record."""

import itertools

import frappe
from frappe.utils import add_days, now_datetime

from crm.api import email as email_api
from crm.commands.email_seeding import fail_send
from crm.core.openapi import endpoints
from crm.tests.permission_matrix import CALLERS, CASES, rows
from crm.tests.utils import (
	TEST_DOMAIN,
	TITLE_MARK,
	IntegrationTestCase,
	SMTPStandIn,
	api_call,
	api_token,
	delete_email_test_data,
	delete_test_data,
	make_contact,
	make_task,
	make_user,
	outgoing_email_account,
	restrict_to_contact,
)
from crm.tests.whatsapp_utils import (
	NUMBERS,
	GraphStandIn,
	configure,
	delete_whatsapp_test_data,
	unconfigure,
)

MISSING = {
	"task": 999_999_999,
	"contact": "crm-test no such contact",
	"draft": "no-such-draft",
	"failed": "no-such-draft",
	"activity": "no-such",
	"fresh": "crm-test no such contact",
	"org": "crm-test no such organization",
}
ids = itertools.count(1)
SMTP = None  # an SMTPStandIn while the test runs (Frappe checks the server of a new Email Account)


def draft_payload(contact: str) -> dict:
	return {
		"reference_doctype": "Contact",
		"reference_name": contact,
		"to": "matrix@example.com",
		"subject": "Matrix",
		"html": "<p>Matrix</p>",
	}


# endpoint -> (method, payload for the record)
CALLS = {
	"mobile_api.get_task_options": lambda r: ("GET", {}),
	"mobile_api.home_tasks": lambda r: ("GET", {}),
	"mobile_api.filter_tasks": lambda r: ("GET", {}),
	"mobile_api.main_page_buckets": lambda r: ("GET", {}),
	"mobile_api.sync_tasks": lambda r: ("GET", {"since": str(add_days(now_datetime(), -1))}),
	"mobile_api.create_task": lambda r: ("POST", {"title": f"{TITLE_MARK} matrix", "task_type": "Call"}),
	"mobile_api.edit_task": lambda r: ("POST", {"task_id": r, "priority": "High"}),
	"mobile_api.update_status": lambda r: ("POST", {"task_id": r, "status": "Done"}),
	"mobile_api.delete_task": lambda r: ("POST", {"task_id": r}),
	"email.get_inbox": lambda r: ("GET", {"doctype": "Contact", "docname": r}),
	"email.thread_context": lambda r: ("GET", {"communication": r}),
	"email.save_draft": lambda r: ("POST", draft_payload(r)),
	"email.save_draft_with_provider": lambda r: (
		"POST",
		draft_payload(r) | {"provider": "gmail", "provider_message_id": f"matrix-{next(ids)}"},
	),
	"email.update_draft": lambda r: ("POST", {"communication_name": r, "subject": "Matrix 2"}),
	"email.link_provider_ids": lambda r: (
		"POST",
		{"communication_name": r, "provider": "gmail", "provider_message_id": f"matrix-{next(ids)}"},
	),
	"email.discard_draft": lambda r: ("POST", {"communication_name": r}),
	"email.send": lambda r: ("POST", {"communication_name": r}),
	"email.get_inbox_facets": lambda r: ("GET", {"doctype": "Contact", "docname": r}),
	"email.get_email": lambda r: ("GET", {"communication_name": r}),
	"email.retry_send": lambda r: ("POST", {"communication_name": r}),
	"agent.run": lambda r: ("POST", {"command": "email.draft", "params": draft_payload(r)}),
	"auth.get_user_info": lambda r: ("GET", {}),
	"session.get_session_info": lambda r: ("GET", {}),
	"contact.get_contacts": lambda r: ("GET", {}),
	"contact.create_contact": lambda r: ("POST", {"first_name": f"{TITLE_MARK} matrix {next(ids)}"}),
	"contact.update_contact": lambda r: ("POST", {"name": r, "designation": "Buyer"}),
	"contact.get_organizations": lambda r: ("GET", {}),
	"contact.delete_contact": lambda r: ("POST", {"name": r}),
	"contact.create_organization": lambda r: (
		"POST",
		{"organization_name": f"{TITLE_MARK} matrix org {next(ids)}"},
	),
	"contact.update_organization": lambda r: ("POST", {"name": r, "industry": "Real Estate"}),
	"session.refresh_session": lambda r: ("POST", {}),
	"auth.logout": lambda r: ("POST", {}),
	"notifications.mark_read": lambda r: ("POST", {"all": 1}),
	"settings.create_email_account": lambda r: (
		"POST",
		{
			"email_id": f"matrix-{next(ids)}@{TEST_DOMAIN}",
			"smtp_server": "127.0.0.1",
			"smtp_port": SMTP.port,
			"use_tls": 0,
			"enable_outgoing": 1,
		},
	),
	"whatsapp.send_message": lambda r: (
		"POST",
		{"to": NUMBERS[5], "message": "matrix", "reference_doctype": "Contact", "reference_name": r},
	),
	"activities.get_activities": lambda r: ("GET", {"reference_doctype": "Contact", "reference_name": r}),
	"activities.create_activity": lambda r: (
		"POST",
		{
			"reference_doctype": "Contact",
			"reference_name": r,
			"activity_type": "Note",
			"subject": f"{TITLE_MARK} m",
		},
	),
	"activities.update_activity": lambda r: ("POST", {"name": r, "outcome": "Positive"}),
	"todo.get_todos": lambda r: ("GET", {}),
	"todo.create_todo": lambda r: (
		"POST",
		{"description": "matrix", "reference_type": "Contact", "reference_name": r},
	),
	"comment.get_comments": lambda r: ("GET", {"reference_doctype": "Contact", "reference_name": r}),
	"comment.add_comment": lambda r: (
		"POST",
		{"reference_doctype": "Contact", "reference_name": r, "content": "m"},
	),
	"notifications.get_notifications": lambda r: ("GET", {}),
	"settings.get_settings": lambda r: ("GET", {}),
	"settings.update_settings": lambda r: ("POST", {"settings": {"default_page_size": 20}}),
	"whatsapp.get_messages": lambda r: ("GET", {"reference_doctype": "Contact", "reference_name": r}),
	"docs.openapi": lambda r: ("GET", {}),
}


class TestPermissionMatrix(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		global SMTP
		outgoing_email_account()
		SMTP = SMTPStandIn()
		cls.graph = GraphStandIn()
		configure(cls.graph.url)
		cls.organization = (
			frappe.get_doc({"doctype": "CRM Organization", "organization_name": f"{TITLE_MARK} matrix org"})
			.insert(ignore_permissions=True)
			.name
		)
		settings = frappe.get_doc("CRM Settings")
		cls.rate_limits = settings.rate_limits_enabled
		settings.rate_limits_enabled = 0  # ~100 calls per caller; the limits have their own tests
		settings.save(ignore_permissions=True)
		roles = {
			"sales_a": ("Sales User",),
			"sales_b": ("Sales User",),
			"manager": ("Sales Manager",),
			"system": ("System Manager",),
		}
		cls.users = {
			caller: make_user(f"matrix-{caller.replace('_', '-')}", r) for caller, r in roles.items()
		}
		cls.contacts = {caller: make_contact(f"Matrix {caller}").name for caller in roles}
		for caller in ("sales_a", "sales_b"):
			restrict_to_contact(cls.users[caller], cls.contacts[caller])
		cls.tokens = {caller: api_token(user) for caller, user in cls.users.items()} | {"guest": None}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.set_user("Administrator")
		cls.graph.stop()
		SMTP.stop()
		delete_whatsapp_test_data()
		unconfigure()
		settings = frappe.get_doc("CRM Settings")
		settings.rate_limits_enabled = cls.rate_limits
		settings.save(ignore_permissions=True)
		frappe.db.commit()
		delete_email_test_data()  # the contacts with their comments; then organizations, accounts
		delete_test_data()
		super().tearDownClass()

	def owner_of(self, caller: str, case: str) -> str:
		"""Whose record a caller gets: its own, or the other's (Sales User A's for the managers)."""
		if case == "own":
			return "sales_a" if caller == "guest" else caller
		return {"sales_a": "sales_b"}.get(caller, "sales_a")

	def record(self, kind: str, caller: str, case: str):
		if kind == "none":
			return None
		if case == "missing":
			return MISSING[kind]
		owner = self.owner_of(caller, case)
		contact = self.contacts[owner]
		if kind == "contact":
			return contact
		if kind == "fresh":
			fresh = make_contact(f"Matrix fresh {next(ids)}").name
			frappe.db.commit()
			return fresh
		if kind == "org":
			return self.organization
		frappe.set_user(self.users[owner])
		try:
			if kind == "task":
				return make_task(title=f"{TITLE_MARK} matrix task").name
			if kind == "activity":
				doc = frappe.get_doc(
					{
						"doctype": "CRM Activity",
						"activity_type": "Call",
						"subject": f"{TITLE_MARK} matrix",
						"reference_doctype": "Contact",
						"reference_name": contact,
					}
				).insert()
				return doc.name
			draft = email_api.save_draft(**draft_payload(contact))
			if kind == "failed":  # approved, then refused by the mail server
				frappe.set_user("Administrator")  # a System Manager without a sales role may not send
				email_api.send(communication_name=draft)
				fail_send(draft)
			return draft
		finally:
			frappe.set_user("Administrator")
			frappe.db.commit()

	def test_every_cell(self):
		table = rows()
		self.assertEqual(set(table), set(CALLS), "every matrix row needs a call, and every call a row")
		guests = {name for name, endpoint in endpoints().items() if endpoint["guest"]}
		self.assertEqual(set(table), set(endpoints()) - guests, "every signed-in endpoint is in the matrix")
		mismatches = []
		for endpoint, (kind, expected) in table.items():
			for caller, case in itertools.product(CALLERS, CASES):
				method, payload = CALLS[endpoint](self.record(kind, caller, case))
				path = f"/api/method/crm.api.{endpoint}"
				answer = api_call(method, path, self.tokens[caller], payload)
				want = expected[(caller, case)]
				if answer.status_code != want:
					mismatches.append(
						f"{endpoint} {caller}/{case}: {answer.status_code}, expected {want}: {answer.text[:160]}"
					)
		self.assertEqual(mismatches, [], "\n" + "\n".join(mismatches))
		self.assertEqual(len(table) * len(CALLERS) * len(CASES), 705)
