# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe
import frappe.share
from frappe.model.document import Document
from frappe.utils import now_datetime

from crm.common import sqlite_sequences, task_shares
from crm.common.db_differences import add_index, comparable_datetime, drop_index
from crm.common.errors import throw_invalid
from crm.common.meta import doc_schema
from crm.common.records import sql_literal
from crm.core import params, task_indexes
from crm.core.desk_figures import completed_on
from crm.core.errors import InvalidParam
from crm.core.roles import sees_every_task
from crm.core.tasks import TITLE_MAX_LENGTH, priorities, priority_rank
from crm.mobile import assignments


class CRMTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		assigned_to: DF.Link | None
		completed_on: DF.Datetime | None
		description: DF.TextEditor | None
		due_date: DF.Datetime | None
		idempotency_key: DF.Data | None
		name: DF.Int | None
		priority: DF.Literal["Low", "Medium", "High"]
		priority_rank: DF.Int
		reference_docname: DF.DynamicLink | None
		reference_doctype: DF.Link | None
		start_date: DF.Date | None
		status: DF.Literal["Backlog", "Todo", "In Progress", "Done", "Canceled"]
		task_type: DF.Literal["Meeting", "Call", "Property Showing"]
		title: DF.Data
	# end: auto-generated types

	def before_insert(self) -> None:
		sqlite_sequences.name_before_insert(self)

	def validate(self) -> None:
		try:
			self.title = params.text(
				self.title, "title", "Task title", max_length=TITLE_MAX_LENGTH, required=True
			)
		except InvalidParam as error:
			throw_invalid(error)
		# The site's priorities (an admin may add one in Customize Form), least important first.
		self.priority_rank = priority_rank(self.priority, priorities(doc_schema(self.doctype)))
		self.due_date = comparable_datetime(self.due_date)
		before = self.get_doc_before_save()
		self.completed_on = comparable_datetime(completed_on(self.status, before, now_datetime()))

	def on_update(self) -> None:
		self.move_assignment()

	def move_assignment(self) -> None:
		"""Keep the Frappe assignment (ToDo) in step with `assigned_to`, so a task assigned from the
		app shows in the assignee's Desk to-do list, and reassigning moves it. Access follows
		`assigned_to` itself (`has_permission` below): no share is needed. Assignees are notified
		once a minute for all their new tasks (crm/mobile/assignments.py)."""
		before = self.get_doc_before_save()
		previous = before.assigned_to if before else None
		if previous == self.assigned_to:
			return
		if previous:
			assignments.unassign(self, previous)
		if self.assigned_to:
			assignments.assign(self, self.assigned_to)


# Who may see and change a task: one rule, which Frappe applies to every reader (endpoints, lists
# and counts, reports, exports, the timeline, Desk). A Sales User: the tasks they own or that are
# assigned to them (deleting: their own), and any task shared with them in Desk (as the share
# allows); Sales Manager, System Manager: all. `owner` and `assigned_to` are indexed.


def has_permission(doc, ptype: str = "read", user: str | None = None, debug: bool = False) -> bool:
	"""`has_permission` hook. Always a yes or a no (Frappe 15 stops at the first hook that answers,
	Frappe 16 refuses on any falsy answer)."""
	user = user or frappe.session.user
	if sees_every_task(user, frappe.get_roles(user)):
		return True
	if user == doc.owner or (ptype != "delete" and user == doc.assigned_to):
		return True  # an assignee works on the task; only its owner may remove it
	return ptype != "delete" and _shared_with(doc, user, ptype)


def _shared_with(doc, user: str, ptype: str) -> bool:
	"""Whether a Desk share gives `user` the right `ptype` needs (a share never grants delete)."""
	right = ptype if ptype in ("write", "share", "submit") else "read"
	only_this = [["share_name", "=", str(doc.name)]]
	return bool(frappe.share.get_shared(doc.doctype, user, [right], filters=only_this))


def permission_query_conditions(user: str | None = None) -> str:
	"""`permission_query_conditions` hook: the same rule for lists."""
	user = user or frappe.session.user
	if sees_every_task(user, frappe.get_roles(user)):
		return ""
	caller = sql_literal(user)
	rule = f"`tabCRM Task`.`owner` = {caller} or `tabCRM Task`.`assigned_to` = {caller}"
	if shared := task_shares.shared_with(user):
		names = ", ".join(str(int(name)) for name in shared if str(name).isdigit())
		rule += f" or `tabCRM Task`.`name` in ({names or 0})"
	return f"({rule})"


def on_doctype_update() -> None:
	"""Composite indexes for the mobile lists (crm/core/task_indexes.py); single-column ones come
	from `search_index`."""
	for columns in task_indexes.INDEXES:
		add_index("CRM Task", columns, task_indexes.index_name(columns))


def replace_superseded_indexes() -> None:
	"""This release's indexes, then without the older ones they replace (a patch: a migration
	makes a DocType's indexes only when its JSON changed)."""
	on_doctype_update()
	for columns in task_indexes.SUPERSEDED:
		drop_index("CRM Task", task_indexes.index_name(columns))
