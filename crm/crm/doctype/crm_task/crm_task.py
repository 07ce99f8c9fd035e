# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe
from frappe import share
from frappe.desk.form import assign_to
from frappe.model.document import Document

from crm.common import sqlite_sequences
from crm.common.db_differences import comparable_datetime
from crm.common.errors import throw_invalid
from crm.core import params
from crm.core.errors import InvalidParam
from crm.core.tasks import TITLE_MAX_LENGTH, priority_rank

# Shares that follow an assignment are the app's doing, not the editing user's: whoever may edit the
# task may move its assignment, whether or not they may share or unshare documents themselves.
SYSTEM_CHANGE = {"ignore_permissions": True, "ignore_share_permission": True}


class CRMTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		assigned_to: DF.Link | None
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
		self.priority_rank = priority_rank(self.priority)
		self.due_date = comparable_datetime(self.due_date)

	def on_update(self) -> None:
		self.move_assignment()

	def move_assignment(self) -> None:
		"""Keep the Frappe assignment (ToDo) in step with `assigned_to`, so a task assigned from the
		app shows in the assignee's Desk to-do list, and reassigning moves it.

		The assignee may also edit the task (a salesperson marks an assigned visit Done): when their
		role does not already allow it, the task is shared with them for writing. Reassigning takes
		that share back from the previous assignee, unless they own the task."""
		before = self.get_doc_before_save()
		previous = before.assigned_to if before else None
		if previous == self.assigned_to:
			return
		if previous:
			assign_to.remove(self.doctype, self.name, previous, ignore_permissions=True)
			if previous != self.owner:
				share.remove(self.doctype, str(self.name), previous, flags=SYSTEM_CHANGE)
		if self.assigned_to:
			assign_to.add(
				{
					"doctype": self.doctype,
					"name": self.name,
					"assign_to": [self.assigned_to],
					"description": self.title,
					"priority": self.priority,
					"date": self.due_date or self.start_date,
				},
				ignore_permissions=True,
			)
			if not frappe.has_permission(self.doctype, "write", self, user=self.assigned_to):
				share.add_docshare(
					self.doctype,
					self.name,
					self.assigned_to,
					write=1,
					flags=SYSTEM_CHANGE,
				)


def on_doctype_update() -> None:
	"""Composite indexes for the mobile lists (single-column ones come from `search_index`)."""
	frappe.db.add_index("CRM Task", ["start_date", "priority_rank"])
	frappe.db.add_index("CRM Task", ["due_date", "status"])
	# A Sales User reads their own tasks (the if_owner rule adds `owner = user` to every list):
	# without these, each of their pages scans the whole table (38 s at a million tasks).
	frappe.db.add_index("CRM Task", ["owner", "modified"])
	frappe.db.add_index("CRM Task", ["owner", "name"])
	# Their buckets: today and late by date within their own tasks (2 ms instead of 5-40 ms at a
	# million tasks), upcoming's soonest start dates (1 s before: it sorted all their future tasks).
	frappe.db.add_index("CRM Task", ["owner", "start_date"])
	frappe.db.add_index("CRM Task", ["owner", "due_date"])
