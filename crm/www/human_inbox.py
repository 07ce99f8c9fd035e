"""/human_inbox: people read, edit, approve or discard the email drafts agents wrote."""

from urllib.parse import quote, urlencode

import frappe
from frappe import _

from crm.core import params
from crm.core.errors import InvalidParam
from crm.email import inbox

no_cache = 1


def get_context(context) -> None:
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": _here()})
		raise frappe.Redirect

	args = frappe.form_dict
	only_drafts = params.truthy(args.get("only_drafts"))
	context.filters = {
		"doctype": args.get("doctype") or "",
		"docname": args.get("docname") or "",
		"only_drafts": only_drafts,
		"limit": args.get("limit") or "",
	}
	context.emails, context.error = [], None
	try:
		emails, limit = inbox.inbox(
			args.get("doctype"), args.get("docname"), "Draft" if only_drafts else None, args.get("limit"), 50
		)
	except InvalidParam as error:
		context.error = error.render(_)
	else:
		context.emails = [{**email, "desk_url": desk_url(email)} for email in emails]
		context.filters["limit"] = limit
	context.title = _("Human Inbox")
	context.no_breadcrumbs = True
	context.show_sidebar = False
	context.csrf_token = frappe.sessions.get_csrf_token()
	context.poll_url = "/api/method/crm.api.email.get_inbox?" + urlencode(
		{key: value for key, value in {
			"doctype": context.filters["doctype"],
			"docname": context.filters["docname"],
			"status": "Draft" if only_drafts else "",
			"limit": 20,
		}.items() if value}
	)  # fmt: skip
	context.i18n_json = frappe.as_json(
		{
			"sent": _("Queued for sending"),
			"saved": _("Saved"),
			"discarded": _("Discarded"),
			"confirm_send": _("Send this email now?"),
			"confirm_discard": _("Discard this draft? It can be restored from Deleted Documents."),
			"new_drafts": _("New drafts arrived"),
			"failed": _("Something went wrong. Please try again."),
		}
	)


def desk_url(email: dict) -> str:
	doctype, name = email.get("reference_doctype"), email.get("reference_name")
	if not (doctype and name):
		return ""
	return f"/app/{quote(doctype.lower().replace(' ', '-'))}/{quote(str(name), safe='')}"


def _here() -> str:
	request = frappe.local.request
	query = request.query_string.decode() if request and request.query_string else ""
	return "/human_inbox" + (f"?{query}" if query else "")
