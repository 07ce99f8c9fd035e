"""Mobile OAuth Settings as the app reads it before sign-in."""

import frappe
from frappe import _

SETTINGS = "Mobile OAuth Settings"
DEFAULT_SCOPE = "all openid"


def oauth_config() -> dict[str, str]:
	"""The public OAuth values of this site. Read without permission checks on purpose: a guest
	calls it, and none of these values is a secret for a public client."""
	values = frappe.db.get_singles_dict(SETTINGS)
	if not values:
		frappe.throw(
			_("Mobile OAuth Settings not configured. Please contact system administrator."),
			frappe.ValidationError,
			title=_("Not Configured"),
		)
	if not values.get("client_id"):
		frappe.throw(
			_("Mobile OAuth Settings: client_id is missing."),
			frappe.ValidationError,
			title=_("Not Configured"),
		)
	return {
		"client_id": values.get("client_id"),
		"scope": values.get("scope") or DEFAULT_SCOPE,
		"redirect_uri": values.get("redirect_uri") or "",
	}
