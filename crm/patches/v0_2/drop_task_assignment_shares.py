"""Assignees used to read their tasks through a DocShare per task, which put `name in (…every
shared id…)` into each of their lists. Access now follows `assigned_to` itself (CRM Task's
permission hooks, docs/mobile-api.md), so the shares the app made for assignees go.

Shares are read in chunks and matched to their tasks in Python: `share_name` is text and a task's
id an integer, and a cast in a join would keep every database from using an index."""

import frappe

CHUNK = 5000


def execute() -> None:
	after = ""
	while shares := _task_shares_after(after):
		_drop_assignee_shares(shares)
		after = shares[-1][0]


def _task_shares_after(after: str) -> list[tuple[str, str, str]]:
	share = frappe.qb.DocType("DocShare")
	return (
		frappe.qb.from_(share)
		.select(share.name, share.share_name, share.user)
		.where((share.share_doctype == "CRM Task") & (share.name > after))
		.orderby(share.name)
		.limit(CHUNK)
		.run()
	)


def _drop_assignee_shares(shares: list[tuple[str, str, str]]) -> None:
	ids = [int(task_id) for _name, task_id, _user in shares if str(task_id).isdigit()]
	assignee_of = {
		str(task_id): user
		for task_id, user in frappe.get_all(
			"CRM Task", filters={"name": ("in", ids)}, fields=["name", "assigned_to"], as_list=True
		)
	}
	doomed = [name for name, task_id, user in shares if user and assignee_of.get(str(task_id)) == user]
	if doomed:
		frappe.db.delete("DocShare", {"name": ("in", doomed)})
