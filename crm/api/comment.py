"""Comments & Notes (docs/core-api.md): comments on any record the caller may read."""

from typing import Any

import frappe

from crm.collab import comments
from crm.common.errors import client_input
from crm.core import params
from crm.core.params import LooseInt


@frappe.whitelist()
@client_input
def get_comments(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	limit: LooseInt = 20,
	page: LooseInt = 1,
) -> dict[str, Any]:
	"""The record's comments, newest first; needs read permission on the record."""
	doctype, name = params.reference_pair(
		{"reference_doctype": reference_doctype, "reference_name": reference_name},
		"reference_doctype",
		"reference_name",
		required=True,
	)
	page, limit = params.page_and_limit(page, limit)
	return comments.comments(doctype, name, page, limit)


@frappe.whitelist(methods=["POST"])
@client_input
def add_comment(
	reference_doctype: str | None = None, reference_name: str | None = None, content: str | None = None
) -> dict[str, Any]:
	"""Add a comment (HTML, sanitized) to a record the caller may read."""
	doctype, name = params.reference_pair(
		{"reference_doctype": reference_doctype, "reference_name": reference_name},
		"reference_doctype",
		"reference_name",
		required=True,
	)
	return comments.add(doctype, name, content)
