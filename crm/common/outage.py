"""A database that cannot be reached: the app's API answers 503 with `Retry-After`, not 500.

Frappe answers such a request 500, and a failed POST worse: `frappe.app.application` rolls it back
in its `finally`, that rollback fails again on the dead connection, and the client gets a bare
HTML error page. So the app checks the database before it serves an API call (`before_request`),
and turns a lost connection inside an endpoint into the same answer, dropping the dead connection
first so Frappe has nothing to roll back.
"""

import json

import frappe
from frappe import _

from crm.core.routes import api_method, is_app_api

RETRY_AFTER = 10  # seconds a client waits before trying again


class DatabaseUnavailable(frappe.ValidationError):
	http_status_code = 503


def database_reachable() -> bool:
	"""Whether the database answers: tells an outage from a fault."""
	try:
		_reach_database()
	except Exception:
		return False
	return True


def _reach_database() -> None:
	"""Open the request's connection, which Frappe opens at the first query (so reaching the
	database costs no round trip of its own); run a trivial query on one already open."""
	if getattr(frappe.db, "_conn", None) is None:
		frappe.db.connect()
	else:
		frappe.db.sql("select 1")


def refuse_when_database_unreachable() -> None:
	"""`before_request`: a call of the app's API while the database is down gets 503 at once."""
	request = getattr(frappe.local, "request", None)
	if is_app_api(api_method(request.path if request else None)) and not _answered_this_request():
		unavailable()


def _answered_this_request() -> bool:
	"""Whether the database is reachable, asking it only when the request has not reached it yet.
	Frappe connects anew for each request, so a connection already open answered moments ago (a
	signed-in session resumed from the database, before this hook): a round trip more would tell
	nothing new, and a loss after this point is turned into a 503 where it happens
	(`connection_lost`). A call with a token has no connection yet here: opening it is the check."""
	return getattr(frappe.db, "_conn", None) is not None or database_reachable()


def connection_lost(error: Exception) -> bool:
	"""Whether `error` is the database driver's, and the database no longer answers."""
	driver_errors = tuple(
		getattr(frappe.db, name)
		for name in ("OperationalError", "InterfaceError")
		if hasattr(frappe.db, name)
	)
	return isinstance(error, driver_errors) and not database_reachable()


def unavailable() -> None:
	_drop_connection()
	frappe.throw(_message(), DatabaseUnavailable, title=_("Unavailable"))


def error_answer() -> dict:
	"""The body of a 503 for a failure Frappe answered 500 before the app could."""
	message = json.dumps({"message": _message(), "title": _("Unavailable")})
	return {"exc_type": DatabaseUnavailable.__name__, "_server_messages": json.dumps([message])}


def _message() -> str:
	return _("The service is temporarily unavailable. Please try again shortly.")


def _drop_connection() -> None:
	"""Close the request's connection (the server then rolls back whatever it still holds) and
	forget it, so Frappe has nothing to roll back on a connection that is gone."""
	try:
		frappe.db.close()
	except Exception:
		pass  # already gone with the database
	frappe.local.db = None
