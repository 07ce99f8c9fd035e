"""The site's CRM Task choices for the mobile API: the rules' `DocSchema` and get_task_options."""

from typing import Any

import frappe
from frappe import _

from crm.common import app_settings
from crm.common.meta import doc_schema
from crm.common.ratelimit import HEADERS_FLAG
from crm.core import task_options as core
from crm.core.schema import DocSchema
from crm.core.tasks import DOCTYPE

# CRM Task field -> the CRM Settings field holding the value a new task starts with.
PREFERRED = {"task_type": "default_task_type", "priority": "default_task_priority"}


def task_schema() -> DocSchema:
	"""CRM Task as this site defines it (Customize Form included)."""
	return doc_schema(DOCTYPE)


def task_options() -> dict[str, Any] | None:
	"""The choices in the caller's language; None (answered 304, no body) when the client's
	If-None-Match already names this version."""
	preferred = {field: app_settings.get(setting) for field, setting in PREFERRED.items()}
	answer = core.task_options(task_schema(), preferred, _, frappe.local.lang or "en")
	tag = core.etag(answer["version"])
	_add_headers({"ETag": tag, "Cache-Control": "private, no-cache"})
	if core.etag_matches(_if_none_match(), tag):
		frappe.local.response["http_status_code"] = 304
		return None
	return answer


def _if_none_match() -> str | None:
	# No request when called in process (a test, the console).
	return frappe.get_request_header("If-None-Match") if getattr(frappe.local, "request", None) else None


def _add_headers(headers: dict[str, str]) -> None:
	# Beside the rate-limit headers, which the after_request hook puts on every answer.
	frappe.local.flags[HEADERS_FLAG] = {**(frappe.local.flags.get(HEADERS_FLAG) or {}), **headers}
