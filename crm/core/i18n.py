"""Translation marker for core messages.

Core code has no translator of its own. It marks user-facing English text with `_()` so Frappe's
string extraction finds it, and the Frappe layer translates the marked text (with `frappe._`) at
the moment it shows it. One catalogue therefore serves Desk, the API and the core rules.
"""


def _(message: str) -> str:
	"""Return `message` unchanged; marks it for Frappe's translation extractor."""
	return message
