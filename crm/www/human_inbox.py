"""/human_inbox: people read, edit, approve or discard the email drafts agents wrote.

The page renders its filters and the first page of the list; human_inbox.js pages on with
`crm.api.email.get_inbox` (keyset cursor) and keeps the filters in the URL.
"""

from urllib.parse import urlencode

import frappe
from frappe import _

from crm.common import app_settings
from crm.core import email_drafts, email_inbox, params
from crm.core.errors import InvalidParam
from crm.email import inbox, inbox_text, listing

no_cache = 1
FILTER_KEYS = ("status", "doctype", "docname", "search", "agent", "from_date", "to_date", "limit")
# Errors a filter can cause: each is shown as its sentence, never as a traceback.
FILTER_ERRORS = (frappe.ValidationError, frappe.DoesNotExistError, frappe.PermissionError)


def get_context(context) -> None:
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": _here()})
		raise frappe.Redirect
	values = url_filters(frappe.form_dict)
	context.filters = values
	context.page_size = page_size()
	context.page, context.facets, context.error = empty_page(context.page_size), None, None
	try:
		context.page = inbox.inbox(values, default_limit=context.page_size, strict_limit=True)
		context.facets = inbox.facets(values)
	except InvalidParam as error:
		context.error = error.render(_)
	except FILTER_ERRORS as error:
		frappe.local.message_log = []  # shown once, on the page, not again as a pop-up
		context.error = str(error) or _("Something went wrong. Please try again.")
	context.record_label = values["docname"] if context.error else record_label(values)
	context.title = _("Human Inbox")
	context.no_breadcrumbs = True
	context.show_sidebar = False
	context.csrf_token = frappe.sessions.get_csrf_token()
	context.boot_json = frappe.as_json(boot(context), indent=None)
	context.i18n_json = frappe.as_json(inbox_text.strings(), indent=None)


def url_filters(args: dict) -> dict:
	"""The filters the URL carries (`only_drafts=1`, from older links, is status Draft)."""
	values = {key: (args.get(key) or "").strip() for key in FILTER_KEYS}
	if params.truthy(args.get("only_drafts")) and not values["status"]:
		values["status"] = "Draft"
	return values


def boot(context) -> dict:
	return {
		"filters": context.filters,
		"page": context.page,
		"facets": context.facets,
		"error": context.error,
		"open": frappe.form_dict.get("open") or "",
		"page_size": context.page["limit"],
		"statuses": list(email_drafts.STATUSES),
		"user": frappe.session.user,
		"record_label": context.record_label,
	}


def page_size() -> int:
	"""CRM Settings' "Human Inbox Page Size" (1-200, default 50)."""
	return params.positive_int(app_settings.get("inbox_page_size"), 50, email_inbox.MAX_LIMIT)


def empty_page(limit: int) -> dict:
	return {"data": [], "limit": limit, "next_cursor": None}


def record_label(values: dict) -> str:
	"""The filtered record by its title (e.g. a Contact's full name), else its name."""
	doctype, name = values.get("doctype"), values.get("docname")
	if not (doctype and name) or not frappe.db.exists("DocType", doctype):
		return name or ""
	return listing.record_titles({(doctype, name)}).get((doctype, name)) or name


def _here() -> str:
	request = frappe.local.request
	query = request.query_string.decode() if request and request.query_string else ""
	return "/human_inbox" + (f"?{query}" if query else "")
