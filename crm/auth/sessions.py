"""Signing in with a password, signing out, and what the current session is."""

from typing import Any

import frappe
from frappe import _
from frappe.auth import LoginManager
from frappe.utils import get_datetime, get_system_timezone

from crm.common import app_settings, ratelimit
from crm.core import users

GENERIC_FAILURE = "Invalid username or password"


def user_info(user: str | None = None) -> dict[str, Any]:
	user = user or frappe.session.user
	row = frappe.db.get_value(
		"User",
		user,
		["name", "full_name", "email", "user_image", "user_type", "language", "time_zone"],
		as_dict=True,
	)
	return users.user_info(
		row,
		frappe.get_roles(user),
		row.language or frappe.db.get_default("lang") or "en",
		row.time_zone or get_system_timezone(),
	)


def login(usr: str | None, pwd: str | None) -> dict[str, Any]:
	"""A password sign-in that starts a session; any failure is the same 401."""
	limit = int(app_settings.get("login_attempts_per_minute") or 10)
	ratelimit.enforce(ratelimit.hit("login", frappe.local.request_ip or "local", limit, 60))
	if not (usr and pwd):
		_fail()
	frappe.form_dict.update(usr=usr, pwd=pwd)
	manager = LoginManager()
	try:
		signed_in = manager.login()
	except (frappe.AuthenticationError, frappe.SecurityException, frappe.ValidationError):
		frappe.clear_messages()
		_fail()
	if signed_in is False:  # Frappe asks for a password reset or a second factor first
		frappe.throw(
			_("This account must finish signing in at /login (password reset or two-factor code)."),
			frappe.PermissionError,
		)
	frappe.local.login_manager = manager
	return user_info(manager.user)


def _fail() -> None:
	frappe.throw(_(GENERIC_FAILURE), frappe.AuthenticationError, title=_("Not Logged In"))


def logout() -> dict[str, bool]:
	if users.auth_method(frappe.get_request_header("Authorization")) == "session":
		LoginManager().logout()
	return {"ok": True}


def session_info() -> dict[str, Any]:
	method = users.auth_method(frappe.get_request_header("Authorization"))
	answer: dict[str, Any] = {"user": frappe.session.user, "auth_method": method}
	if method == "session":
		data = frappe.session.data or {}
		expiry = users.parse_expiry(data.get("session_expiry") or frappe.db.get_default("session_expiry"))
		last = data.get("last_updated")
		answer["session_expiry"] = str(expiry)
		answer["expires_at"] = users.expires_at(get_datetime(last) if last else None, expiry)
		answer["csrf_token"] = frappe.sessions.get_csrf_token()
	else:
		answer["session_expiry"] = None
		answer["expires_at"] = None
	return answer


def refresh() -> dict[str, Any]:
	"""Extend a cookie session; token clients renew with their own grant (OAuth refresh_token)."""
	method = users.auth_method(frappe.get_request_header("Authorization"))
	if method == "oauth":
		frappe.throw(
			_(
				"A bearer token is renewed with the OAuth refresh_token grant at /api/method/frappe.integrations.oauth2.get_token"
			),
			frappe.ValidationError,
		)
	if method == "session" and getattr(frappe.local, "session_obj", None):
		frappe.local.session_obj.update(force=True)
	return session_info()
