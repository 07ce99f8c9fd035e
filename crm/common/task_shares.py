"""The CRM Tasks shared with a user in Desk, read once per HTTP request.

CRM Task's list condition (`permission_query_conditions`) names them, and a mobile list runs
several statements (one per part, its count), each of which asked the database again. Within one
request they are kept on `frappe.local` (gone when the request ends) and forgotten as soon as a
share changes; outside a request (jobs, tests, the console) they are read each time.
"""

import frappe
import frappe.share

DOCTYPE = "CRM Task"


def shared_with(user: str) -> list:
	if getattr(frappe.local, "request", None) is None:
		return frappe.share.get_shared(DOCTYPE, user)
	kept = getattr(frappe.local, "crm_shared_tasks", None)
	if kept is None:
		kept = frappe.local.crm_shared_tasks = {}
	if user not in kept:
		kept[user] = frappe.share.get_shared(DOCTYPE, user)
	return kept[user]


def forget(doc=None, method: str | None = None) -> None:
	"""DocShare hook: a share of this request changed, read them again."""
	frappe.local.crm_shared_tasks = None
