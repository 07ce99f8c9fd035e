"""The caller's to-dos (Frappe ToDo): own by default; a manager may list or assign another's."""

from typing import Any

import frappe
from frappe import _

from crm.common.records import check_reference, paged
from crm.core import collab
from crm.core.roles import TEAM_MANAGERS


def _may_act_for_others() -> bool:
	return bool(TEAM_MANAGERS & set(frappe.get_roles()))


def _check_user(user: str, action: str) -> None:
	if user != frappe.session.user and not _may_act_for_others():
		frappe.throw(_("You may only {0} your own to-dos").format(_(action)), frappe.PermissionError)
	if not frappe.db.exists("User", user):
		frappe.throw(_("User {0} not found").format(user), frappe.DoesNotExistError)


def todos(allocated_to: str | None, statuses: list[str], page: int, limit: int) -> dict[str, Any]:
	user = allocated_to or frappe.session.user
	_check_user(user, "read")
	filters: dict[str, Any] = {"allocated_to": user}
	if statuses:
		filters["status"] = ("in", statuses)
	return paged(
		"ToDo",
		fields=list(collab.TODO_FIELDS),
		filters=filters,
		order_by="`tabToDo`.`date` is null, `tabToDo`.`date` asc, `tabToDo`.`modified` desc",
		page=page,
		limit=limit,
		serialize=collab.serialize_todo,
		skip_row_permissions=user != frappe.session.user,  # a manager's look at another's list, checked above
	)


def create(values: dict[str, Any]) -> dict[str, Any]:
	fields = collab.clean_todo(values)
	fields.setdefault("allocated_to", frappe.session.user)
	_check_user(fields["allocated_to"], "assign")
	if fields.get("reference_type"):
		check_reference(fields["reference_type"], fields["reference_name"])
	doc = frappe.get_doc({"doctype": "ToDo", "assigned_by": frappe.session.user, **fields})
	doc.insert()
	return collab.serialize_todo(doc.as_dict())
