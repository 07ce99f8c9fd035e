"""To-dos (docs/core-api.md): the caller's Frappe ToDo list."""

from typing import Any

import frappe

from crm.collab import todos
from crm.common.errors import client_input
from crm.core import collab, params
from crm.core.params import LooseInt


@frappe.whitelist()
@client_input
def get_todos(
	status: str | list | None = "Open",
	allocated_to: str | None = None,
	limit: LooseInt = 20,
	page: LooseInt = 1,
) -> dict[str, Any]:
	"""The caller's to-dos (a Sales Manager may ask for another user's), soonest first."""
	page, limit = params.page_and_limit(page, limit)
	return todos.todos(
		params.text(allocated_to, "allocated_to", "allocated_to", 140),
		collab.todo_statuses(status),
		page,
		limit,
	)


@frappe.whitelist(methods=["POST"])
@client_input
def create_todo(
	description: str | None = None,
	date: str | None = None,
	priority: str | None = None,
	allocated_to: str | None = None,
	reference_type: str | None = None,
	reference_name: str | None = None,
) -> dict[str, Any]:
	"""A to-do for the caller (or, for a Sales Manager, for someone else)."""
	return todos.create(
		{
			"description": description,
			"date": date,
			"priority": priority,
			"allocated_to": allocated_to,
			"reference_type": reference_type,
			"reference_name": reference_name,
		}
	)
