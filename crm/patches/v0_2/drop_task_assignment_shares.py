"""Assignees used to read their tasks through a DocShare per task, which put `name in (…every
shared id…)` into each of their lists. Access now follows `assigned_to` itself (CRM Task's
permission hooks), so the shares the app made for assignees go."""

import frappe
from frappe.query_builder.functions import Cast_

CHUNK = 1000


def execute() -> None:
	share = frappe.qb.DocType("DocShare")
	task = frappe.qb.DocType("CRM Task")
	assignee_shares = (
		frappe.qb.from_(share)
		.join(task)
		.on(share.share_name == Cast_(task.name, "varchar"))  # a text id against an integer one
		.select(share.name)
		.where((share.share_doctype == "CRM Task") & (share.user == task.assigned_to))
		.run(pluck=True)
	)
	for start in range(0, len(assignee_shares), CHUNK):
		chunk = assignee_shares[start : start + CHUNK]
		frappe.qb.from_(share).delete().where(share.name.isin(chunk)).run()
