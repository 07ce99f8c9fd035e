"""Tasks already Done before `completed_on` existed: their last change is the best known time."""

import frappe


def execute() -> None:
	task = frappe.qb.DocType("CRM Task")
	frappe.qb.update(task).set(task.completed_on, task.modified).where(
		(task.status == "Done") & task.completed_on.isnull()
	).run()
