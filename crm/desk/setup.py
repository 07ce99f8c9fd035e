"""The public Kanban Board of CRM Task by status, made on install and migrate.

Frappe keeps a kanban board as a document (Kanban Board), not as a file of the app, so the app
makes it once; what a manager changes on it afterwards (column order, colours, filters) stays.
"""

import frappe

from crm.core.tasks import DOCTYPE

TASK_BOARD = "CRM Tasks by Status"
COLUMN_COLOURS = {
	"Backlog": "Gray",
	"Todo": "Blue",
	"In Progress": "Orange",
	"Done": "Green",
	"Canceled": "Red",
}


def ensure_task_board() -> None:
	if frappe.db.exists("Kanban Board", TASK_BOARD):
		return
	board = frappe.get_doc(
		{
			"doctype": "Kanban Board",
			"kanban_board_name": TASK_BOARD,
			"reference_doctype": DOCTYPE,
			"field_name": "status",
			"private": 0,
			"show_labels": 1,
			"fields": frappe.as_json(["priority", "due_date", "assigned_to"]),
		}
	)
	for status in frappe.get_meta(DOCTYPE).get_field("status").options.split("\n"):
		board.append("columns", {"column_name": status, "status": "Active", "indicator": _colour(status)})
	board.insert(ignore_permissions=True)


def _colour(status: str) -> str:
	return COLUMN_COLOURS.get(status, "Gray")
