"""The agent command router (docs/email-agent.md): `run(command, params)` dispatches on crm.core.agent.COMMANDS."""

from typing import Any

import frappe

from crm.common.errors import client_input
from crm.core import agent


@frappe.whitelist(methods=["POST"])
@client_input
def run(command: str | None = None, params: dict | str | None = None) -> Any:
	"""Run one agent command; answers what the matching crm.api.email endpoint answers."""
	row, kwargs = agent.resolve(command, params)
	return frappe.get_attr(row.handler)(kwargs)
