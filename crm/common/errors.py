"""Turning client mistakes into Frappe's error answers."""

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import frappe
from frappe import _
from frappe.utils import strip_html_tags

from crm.common import outage
from crm.common.auth import unauthenticated_message
from crm.core.errors import InvalidParam
from crm.core.routes import api_method, is_app_api

F = TypeVar("F", bound=Callable[..., Any])


class ConflictError(frappe.ValidationError):
	"""A stale write: the record changed since the client read it (HTTP 409)."""

	http_status_code = 409


def client_input(fn: F) -> F:
	"""Answer a core `InvalidParam` as HTTP 417 with the translated message naming the field, and a
	database lost on the way as 503 (crm/common/outage.py)."""

	@functools.wraps(fn)
	def wrapper(*args: Any, **kwargs: Any) -> Any:
		try:
			return fn(*args, **kwargs)
		except InvalidParam as error:
			throw_invalid(error)
		except Exception as error:
			if frappe.db and outage.connection_lost(error):
				outage.unavailable()
			raise

	return wrapper  # type: ignore[return-value]


def throw_invalid(error: InvalidParam) -> None:
	frappe.throw(error.render(_), frappe.ValidationError, title=_("Invalid value"))


def not_found(doctype: str, name: object) -> None:
	frappe.throw(
		_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError, title=_("Not Found")
	)


def complete_error_response(response: Any = None, request: Any = None) -> None:
	"""An `after_request` hook for the app's API errors.

	An app error answer always carries `exception` as "<exception class>: <message>" and never a
	traceback, whatever System Settings say: Frappe v15 adds the traceback (`exc`, and its last line
	as `exception`) to every error answer while "Allow Error Traceback" is on, v16 to desk users'.
	The site's Error Log keeps tracebacks of server faults. A database that cannot be reached is
	answered 503 with `Retry-After`, so a client retries instead of reporting a bug. A 401 also
	names the schemes it accepts.
	"""
	if response is None or request is None or response.status_code < 400:
		return
	if not is_app_api(api_method(getattr(request, "path", None))):
		return
	if response.status_code == 401:
		response.headers["WWW-Authenticate"] = 'Bearer realm="crm", Token realm="crm"'
	body = _json_body(response)
	if body is None:
		return
	if response.status_code == 500 and body.get("exc_type") in MALFORMED_BODY and _malformed_json(request):
		response.status_code = frappe.ValidationError.http_status_code
		body = _malformed_body_answer()
	elif response.status_code == 500 and not outage.database_reachable():
		response.status_code = outage.DatabaseUnavailable.http_status_code
		body = outage.error_answer()
	if response.status_code == outage.DatabaseUnavailable.http_status_code:
		response.headers["Retry-After"] = str(outage.RETRY_AFTER)
	response.set_data(json.dumps(_without_traceback(body, response.status_code), default=str))


def _json_body(response: Any) -> dict | None:
	if response.mimetype != "application/json":
		return None
	try:
		body = json.loads(response.get_data(as_text=True))
	except ValueError:
		return None
	return body if isinstance(body, dict) else None


def _without_traceback(body: dict, status_code: int) -> dict:
	"""`body` with `exception` rebuilt from the class and the first message, and no traceback."""
	for key in TRACEBACK_KEYS:
		body.pop(key, None)
	exc_type = body.get("exc_type") or "Exception"
	qualified = f"frappe.exceptions.{exc_type}" if hasattr(frappe.exceptions, exc_type) else exc_type
	message = _first_server_message(body.get("_server_messages"))
	if not message and status_code == 401:  # Frappe's own API-key check gives no text
		message = unauthenticated_message()
	body["exception"] = f"{qualified}: {message}" if message else qualified
	return body


# What Frappe adds to an error answer for debugging: the traceback, the module it points at, and
# developer-mode log lines.
TRACEBACK_KEYS = ("exc", "_exc_source", "_debug_messages")


# Frappe parses a JSON body before any app code runs and answers 500 when it cannot; for the app's
# API that is a client mistake, answered 417 like any other bad input.
MALFORMED_BODY = ("JSONDecodeError", "UnicodeDecodeError")


def _malformed_json(request: Any) -> bool:
	"""Whether the request's own body is JSON that does not parse (not some JSON read later)."""
	if getattr(request, "mimetype", None) != "application/json":
		return False
	try:
		json.loads(request.get_data() or b"{}")
	except ValueError:  # UnicodeDecodeError included
		return True
	return False


def _malformed_body_answer() -> dict[str, Any]:
	message = _("The request body is not valid JSON: send a JSON object, or form fields")
	return {
		"exc_type": "ValidationError",
		"_server_messages": json.dumps([json.dumps({"message": message, "title": _("Invalid value")})]),
	}


def _first_server_message(raw: object) -> str:
	try:
		messages = json.loads(raw) if isinstance(raw, str) else []
		first = json.loads(messages[0]) if messages else {}
	except (ValueError, TypeError, IndexError):
		return ""
	message = first.get("message", "") if isinstance(first, dict) else str(first)
	return strip_html_tags(str(message)).strip()
