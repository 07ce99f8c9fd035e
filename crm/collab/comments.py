"""Comments on a record (Frappe Comment): readable and writable by whoever may read the record."""

from typing import Any

import frappe

from crm.common.records import check_reference, paged
from crm.core import collab


def comments(doctype: str, name: str, page: int, limit: int) -> dict[str, Any]:
	check_reference(doctype, name)
	return paged(
		"Comment",
		fields=list(collab.COMMENT_FIELDS),
		filters={"reference_doctype": doctype, "reference_name": name, "comment_type": "Comment"},
		order_by="`tabComment`.`creation` desc",
		page=page,
		limit=limit,
		serialize=collab.serialize_comment,
		skip_row_permissions=True,  # Comment's own rules are System Manager only; the record's read right decides
	)


def add(doctype: str, name: str, content: object) -> dict[str, Any]:
	check_reference(doctype, name)
	html = collab.clean_comment(content)
	comment = frappe.get_doc(doctype, name).add_comment(
		"Comment", text=html, comment_email=frappe.session.user, comment_by=frappe.utils.get_fullname()
	)
	return collab.serialize_comment(comment.as_dict())
