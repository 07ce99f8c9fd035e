"""Session Management (docs/core-api.md)."""

from typing import Any

import frappe

from crm.auth import sessions


@frappe.whitelist()
def get_session_info() -> dict[str, Any]:
	"""Who is calling, how they authenticated, and when a cookie session expires."""
	return sessions.session_info()


@frappe.whitelist(methods=["POST"])
def refresh_session() -> dict[str, Any]:
	"""Extend a cookie session's expiry; bearer tokens renew through the OAuth refresh_token grant."""
	return sessions.refresh()
