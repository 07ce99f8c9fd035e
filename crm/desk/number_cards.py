"""The CRM workspace's number cards ("Custom" Number Cards call these with the card's filters).

Each figure is the caller's own: read through their permissions (crm/desk/figures.py) and never
cached across users. A click on a card opens the task list with the same filters.
"""

from typing import Any

import frappe

from crm.core.tasks import DOCTYPE, DONE_STATUSES
from crm.desk import figures
from crm.mobile.tasks import site_today


@frappe.whitelist()
def my_tasks_today(filters: str | dict | None = None) -> dict[str, Any]:
	user = frappe.session.user
	return _card(figures.my_tasks_today(user, site_today()), {"assigned_to": user})


@frappe.whitelist()
def overdue(filters: str | dict | None = None) -> dict[str, Any]:
	today = site_today()
	unfinished = {"status": ["not in", list(DONE_STATUSES)], "due_date": ["<", str(today)]}
	return _card(figures.overdue(today), unfinished)


@frappe.whitelist()
def done_this_week(filters: str | dict | None = None) -> dict[str, Any]:
	return _card(figures.done_this_week(site_today()), {"status": "Done"})


def _card(value: int, route_options: dict[str, Any]) -> dict[str, Any]:
	return {"value": value, "fieldtype": "Int", "route": ["List", DOCTYPE], "route_options": route_options}
