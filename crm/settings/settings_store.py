"""Reading and writing CRM Settings, and creating Email Accounts, for System Managers."""

from typing import Any

import frappe
from frappe import _

from crm.core import settings as core
from crm.core.email_accounts import clean_email_account
from crm.core.roles import APP_ROLES, SYSTEM_MANAGER


def require_system_manager() -> None:
	if SYSTEM_MANAGER not in frappe.get_roles():
		frappe.throw(_("Only a System Manager may do this"), frappe.PermissionError)


def require_crm_role() -> None:
	if not set(frappe.get_roles()) & {*APP_ROLES, SYSTEM_MANAGER}:
		frappe.throw(_("You do not have permission to read CRM Settings"), frappe.PermissionError)


def read() -> dict[str, Any]:
	"""The settings without secrets (checked by the caller's role; the DocType itself is System Manager only)."""
	require_crm_role()
	doc = frappe.get_cached_doc(core.DOCTYPE)
	secrets_set = {name: bool(doc.get_password(name, raise_exception=False)) for name in core.secret_fields()}
	return core.public_view(doc.as_dict(), secrets_set)


def update(values: dict[str, Any]) -> dict[str, Any]:
	require_system_manager()
	cleaned = core.clean_update(values)
	doc = frappe.get_doc(core.DOCTYPE)
	for name, value in cleaned.items():
		if name in core.secret_fields() and value is None:
			continue  # a blank secret keeps the stored one
		doc.set(name, value)
	doc.save()
	return read()


def create_email_account(values: dict[str, Any]) -> dict[str, Any]:
	require_system_manager()
	fields = clean_email_account(values)
	if frappe.db.exists("Email Account", fields["email_account_name"]) or frappe.db.exists(
		"Email Account", {"email_id": fields["email_id"]}
	):
		frappe.throw(
			_("An Email Account for {0} already exists").format(fields["email_id"]),
			frappe.DuplicateEntryError,
		)
	doc = frappe.get_doc({"doctype": "Email Account", **fields})
	doc.insert()
	return {
		"name": doc.name,
		"email_id": doc.email_id,
		"enable_outgoing": bool(doc.enable_outgoing),
		"enable_incoming": bool(doc.enable_incoming),
		"default_outgoing": bool(doc.default_outgoing),
	}
