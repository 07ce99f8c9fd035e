"""The caller's notifications (Frappe Notification Log): never anyone else's."""

from typing import Any

import frappe
from frappe import _

from crm.common.errors import not_found
from crm.common.records import paged
from crm.core import collab


def notifications(unread_only: bool, page: int, limit: int) -> dict[str, Any]:
	filters: dict[str, Any] = {"for_user": frappe.session.user}
	if unread_only:
		filters["read"] = 0
	answer = paged(
		"Notification Log",
		fields=list(collab.NOTIFICATION_FIELDS),
		filters=filters,
		order_by="`tabNotification Log`.`creation` desc",
		page=page,
		limit=limit,
		serialize=collab.serialize_notification,
	)
	answer["unread_count"] = frappe.db.count("Notification Log", {"for_user": frappe.session.user, "read": 0})
	return answer


def mark_read(name: str | None, everything: bool) -> dict[str, Any]:
	if everything:
		names = frappe.get_list(
			"Notification Log",
			filters={"for_user": frappe.session.user, "read": 0},
			pluck="name",
			limit_page_length=0,
		)
		if names:
			frappe.db.set_value("Notification Log", {"name": ("in", names)}, "read", 1, update_modified=False)
		return {"ok": True, "marked": len(names)}
	if not name:
		frappe.throw(_("name or all is required"), frappe.ValidationError)
	owner = frappe.db.get_value("Notification Log", name, "for_user")
	if owner is None:
		not_found("Notification Log", name)
	if owner != frappe.session.user:
		frappe.throw(_("This notification belongs to another user"), frappe.PermissionError)
	frappe.db.set_value("Notification Log", name, "read", 1, update_modified=False)
	return {"ok": True, "marked": 1}
