"""Reading Frappe API routes."""

import re

_METHOD_PATH_RE = re.compile(r"^/api/(?:v\d+/)?method/(?P<method>[A-Za-z0-9_.]+)/?$")
APP_API_PREFIX = "crm.api."


def api_method(path: str | None) -> str | None:
	"""The dotted method an `/api/method/...` (or `/api/v1|v2/method/...`) path calls, else None."""
	match = _METHOD_PATH_RE.match(path or "")
	return match["method"] if match else None


def is_app_api(method: str | None) -> bool:
	return bool(method) and method.startswith(APP_API_PREFIX)
