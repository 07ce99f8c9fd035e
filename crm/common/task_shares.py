"""The CRM Tasks shared with a user in Desk, read once per HTTP request.

CRM Task's list condition (`permission_query_conditions`) names them, and a mobile list runs
several statements (one per part, its count), each of which asked the database again. Within one
request they are kept on `frappe.local` (gone when the request ends) and forgotten as soon as a
share changes; the caller's own are kept across requests under their task version, which every
change of their shares renews (crm/common/task_versions.py). Outside a request (jobs, tests, the
console) they are read each time.
"""

import frappe
import frappe.share

from crm.common import task_versions

DOCTYPE = "CRM Task"


def shared_with(user: str) -> list:
	if getattr(frappe.local, "request", None) is None:
		return frappe.share.get_shared(DOCTYPE, user)
	kept = getattr(frappe.local, "crm_shared_tasks", None)
	if kept is None:
		kept = frappe.local.crm_shared_tasks = {}
	if user not in kept:
		kept[user] = (
			_read(user)
			if user != frappe.session.user
			else task_versions.kept("task-shares", lambda: _read(user))
		)
	return kept[user]


def _read(user: str) -> list:
	return frappe.share.get_shared(DOCTYPE, user)


def forget(doc=None, method: str | None = None) -> None:
	"""DocShare hook: a share of this request changed, read them again."""
	frappe.local.crm_shared_tasks = None
