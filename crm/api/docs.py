"""The API's own description: OpenAPI 3.1, for client generators and contract checks."""

import frappe
from werkzeug.wrappers import Response

from crm.common.meta import doc_schema
from crm.core.openapi import dump


@frappe.whitelist(methods=["GET"])
def openapi() -> Response:
	"""The OpenAPI 3.1 description of every crm.api endpoint, with this site's task and activity
	choices (Customize Form included; the file shipped in the app has the defaults)."""
	site = {"task": doc_schema("CRM Task"), "activity": doc_schema("CRM Activity")}
	return Response(dump(**site), mimetype="application/json")
