"""The API's own description: OpenAPI 3.1, for client generators and contract checks."""

import frappe
from werkzeug.wrappers import Response

from crm.core.openapi import SPEC_FILE


@frappe.whitelist(methods=["GET"])
def openapi() -> Response:
	"""The OpenAPI 3.1 description of every crm.api endpoint (the file shipped in the app)."""
	return Response(SPEC_FILE.read_bytes(), mimetype="application/json")
