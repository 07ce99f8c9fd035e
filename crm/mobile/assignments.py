"""Task assignments as Frappe ToDos, with each assignee's notifications gathered into one.

Frappe's `assign_to.add` notifies each assignment through a background job of its own: a manager
who assigned 900 tasks in four minutes queued 900 jobs (2 s each here) until the API answered 503
`QueueOverloaded`. Here an assignment writes its ToDo at once (the task shows in the assignee's Desk
to-do list) and notes it for the assignee in Redis; every minute the scheduler turns each
assignee's notes into one notification ("Sara assigned you 40 tasks").
"""

import json

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

DOCTYPE = "CRM Task"
PENDING = "crm:assignments:"  # + user: a Redis list of {"task", "by", "action"}, kept by clear_cache


def assign(task, user: str) -> None:
	"""`user` gets an open ToDo for `task` (once), and will be told."""
	if not _open_todos(task.name, user):
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": user,
				"reference_type": DOCTYPE,
				"reference_name": str(task.name),
				"description": task.title,
				"priority": task.priority,
				"date": task.due_date or task.start_date,
				"assigned_by": frappe.session.user,
			}
		).insert(ignore_permissions=True)  # the app keeps the ToDo in step with `assigned_to`
	_note(user, task.name, "assigned")


def unassign(task, user: str) -> None:
	"""Close `user`'s open ToDos for `task`, and tell them."""
	for name in _open_todos(task.name, user):
		todo = frappe.get_doc("ToDo", name)
		todo.status = "Cancelled"
		todo.save(ignore_permissions=True)
	_note(user, task.name, "removed")


def _open_todos(task: int, user: str) -> list[str]:
	return frappe.get_all(
		"ToDo",
		filters={
			"reference_type": DOCTYPE,
			"reference_name": str(task),
			"allocated_to": user,
			"status": "Open",
		},
		pluck="name",
	)


def _note(user: str, task: int, action: str) -> None:
	if user == frappe.session.user:
		return  # nobody is told of their own doing
	note = {"task": int(task), "by": frappe.session.user, "action": action}
	frappe.cache.rpush(PENDING + user, json.dumps(note))


def notify_pending() -> None:
	"""Scheduler (every minute): one notification per assignee for what was noted since."""
	for key in frappe.cache.get_keys(PENDING):
		user = key.decode().split(PENDING, 1)[1] if isinstance(key, bytes) else key.split(PENDING, 1)[1]
		notify(user)


def notify(user: str) -> int:
	"""Send `user` what was noted for them; answers how many tasks it told of."""
	notes = _take(user)
	noted = {note["task"] for note in notes if note["action"] == "assigned"}
	assigned = _still_assigned(user, sorted(noted))
	# Taken off before they were told of it: nothing to tell.
	removed = sorted({note["task"] for note in notes if note["action"] == "removed"} - noted)
	by = next((note["by"] for note in reversed(notes)), None)
	if assigned:
		_send(user, by, assigned, _("{0} assigned you {1} tasks"), _("{0} assigned you the task {1}"))
	if removed:
		_send(
			user, by, removed, _("{0} took {1} tasks off your list"), _("{0} took the task {1} off your list")
		)
	return len(assigned) + len(removed)


def _take(user: str) -> list[dict]:
	"""Every note of `user`, removed from Redis in the same step (no note is told twice)."""
	key = frappe.cache.make_key(PENDING + user)
	pipe = frappe.cache.pipeline()
	pipe.lrange(key, 0, -1)
	pipe.delete(key)
	raw, _deleted = pipe.execute()
	return [json.loads(item) for item in raw]


def _still_assigned(user: str, tasks: list[int]) -> list[int]:
	"""The noted tasks still assigned to `user` (a rolled-back or undone assignment is not told)."""
	if not tasks:
		return []
	return sorted(
		int(name)
		for name in frappe.get_all(
			DOCTYPE, filters={"name": ("in", tasks), "assigned_to": user}, pluck="name"
		)
	)


def _send(user: str, by: str | None, tasks: list[int], many: str, one: str) -> None:
	sender = frappe.utils.get_fullname(by) if by else _("Someone")
	subject = one.format(sender, tasks[0]) if len(tasks) == 1 else many.format(sender, len(tasks))
	notification = frappe._dict(
		type="Assignment",
		document_type=DOCTYPE,
		document_name=str(tasks[0]),
		subject=subject,
		from_user=by,
	)
	make_notification_logs(notification, [user])
