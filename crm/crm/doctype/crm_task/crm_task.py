# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from crm.common import sqlite_sequences
from crm.common.db_differences import comparable_datetime
from crm.common.errors import throw_invalid
from crm.common.meta import doc_schema
from crm.core import params
from crm.core.errors import InvalidParam
from crm.core.tasks import TITLE_MAX_LENGTH, priorities, priority_rank
from crm.mobile import assignments


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
		# The site's priorities (an admin may add one in Customize Form), least important first.
		self.priority_rank = priority_rank(self.priority, priorities(doc_schema(self.doctype)))
		self.due_date = comparable_datetime(self.due_date)

	def on_update(self) -> None:
		self.move_assignment()

	def move_assignment(self) -> None:
		"""Keep the Frappe assignment (ToDo) in step with `assigned_to`, so a task assigned from the
		app shows in the assignee's Desk to-do list, and reassigning moves it; the assignee may edit
		the task until then. Assignees are notified once a minute for all their new tasks
		(crm/mobile/assignments.py)."""
		before = self.get_doc_before_save()
		previous = before.assigned_to if before else None
		if previous == self.assigned_to:
			return
		if previous:
			assignments.unassign(self, previous)
		if self.assigned_to:
			assignments.assign(self, self.assigned_to)


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
