"""The API's own description: OpenAPI 3.1, for client generators and contract checks."""

import frappe
from werkzeug.wrappers import Response

from crm.core.openapi import dump
from crm.mobile.options import task_schema


@frappe.whitelist(methods=["GET"])
def openapi() -> Response:
	"""The OpenAPI 3.1 description of every crm.api endpoint, with this site's CRM Task choices
	(Customize Form included; the file shipped in the app has the defaults)."""
	return Response(dump(task_schema()), mimetype="application/json")
