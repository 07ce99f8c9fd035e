"""Who may do what with an email: the rules of the contract, in Frappe's permission system.

- Drafting needs read permission on the referenced record (a Contact, a CRM Task, …).
- Reading a Communication needs read permission on its record (Frappe's own rule) and a role
  that may read Communications; every other right (write, send, delete) needs that too.
  `has_communication_permission`, a `has_permission` hook, states the rule for every right, so
  Desk enforces it as well.
"""

import frappe
from frappe import _

from crm.common.errors import not_found
from crm.common.records import record_readable


def has_communication_permission(
	doc, ptype: str = "read", user: str | None = None, debug: bool = False
) -> bool:
	"""`has_permission` hook for Communication: every right, read included, needs the record readable.

	The answer is the whole rule, never "no opinion", because Frappe versions combine hook answers
	differently: v15 asks the hooks last-registered first and stops at the first answer that is not
	None (so this hook, registered after Frappe's own, decides alone), while v16 asks all of them and
	refuses on any falsy answer (so a None would refuse). Returning the record's read permission for
	every right is correct under both.
	"""
	if doc.reference_doctype == "Communication" and doc.reference_name == doc.name:
		return True
	return record_readable(doc.reference_doctype, doc.reference_name, user, debug)


def get_communication(name: str, ptype: str = "read", for_update: bool = False):
	"""The email Communication `name` if the caller may `ptype` it: 404 if missing, 403 if not allowed."""
	if not name or not frappe.db.exists("Communication", {"name": name, "communication_medium": "Email"}):
		not_found("Communication", name)
	doc = frappe.get_doc("Communication", name, for_update=for_update)
	for right in dict.fromkeys(("read", ptype)):
		if not frappe.has_permission("Communication", right, doc=doc):
			frappe.throw(
				_("You do not have permission to {0} Communication {1}").format(_(right), name),
				frappe.PermissionError,
			)
	return doc


def readable_references(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
	"""The (doctype, name) pairs whose record the caller may read, one permission query per doctype."""
	allowed: set[tuple[str, str]] = set()
	by_doctype: dict[str, set[str]] = {}
	for doctype, name in pairs:
		by_doctype.setdefault(doctype, set()).add(name)
	for doctype, names in by_doctype.items():
		if not frappe.db.exists("DocType", doctype) or not frappe.has_permission(doctype, "read"):
			continue
		readable = frappe.get_list(
			doctype, filters={"name": ("in", sorted(names))}, pluck="name", limit_page_length=0
		)
		allowed.update((doctype, str(name)) for name in readable)
	return allowed


def can_read_communications() -> bool:
	return bool(frappe.has_permission("Communication", "read"))


def normalize_provider_ids(doc, method: str | None = None) -> None:
	"""`doc_events` validate: blank provider ids are stored as NULL, so the unique index on
	(provider, provider_message_id) only ever compares real ids."""
	for field in ("provider", "provider_message_id", "provider_thread_id"):
		if not doc.meta.has_field(field):
			continue  # before the custom fields are installed
		value = doc.get(field)
		value = value.strip() if isinstance(value, str) else value
		if field == "provider" and value:
			value = value.lower()
		doc.set(field, value or None)
