"""Authentication (docs/core-api.md): password sign-in for clients that use a session cookie."""

from typing import Any

import frappe

from crm.auth import sessions
from crm.common.errors import client_input


@frappe.whitelist(allow_guest=True, methods=["POST"])
@client_input
def login(usr: str | None = None, pwd: str | None = None) -> dict[str, Any]:
	"""Start a session; answers the user's info. Rate-limited per address; bad credentials are 401."""
	return sessions.login(usr, pwd)


@frappe.whitelist(methods=["POST"])
def logout() -> dict[str, bool]:
	return sessions.logout()


@frappe.whitelist()
def get_user_info() -> dict[str, Any]:
	"""The caller: user, full name, email, image, roles, language, time zone."""
	return sessions.user_info()
