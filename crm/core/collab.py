"""To-dos, notifications and comments as the API sees them: inputs, filters and answer shapes.

They are Frappe's own DocTypes (ToDo, Notification Log, Comment); the allowed values here are
Frappe's, restated because those DocTypes live in Frappe, not in this app.
"""

from collections.abc import Mapping
from typing import Any

from crm.core import params
from crm.core.errors import InvalidParam
from crm.core.i18n import _
from crm.core.sanitize import sanitize_html, to_plain_text

TODO_STATUSES = ("Open", "Closed", "Cancelled")
TODO_PRIORITIES = ("High", "Medium", "Low")
TODO_FIELDS = (
	"name",
	"status",
	"priority",
	"date",
	"description",
	"allocated_to",
	"assigned_by",
	"reference_type",
	"reference_name",
	"modified",
)
NOTIFICATION_FIELDS = (
	"name",
	"subject",
	"type",
	"document_type",
	"document_name",
	"from_user",
	"read",
	"creation",
	"link",
)
COMMENT_FIELDS = ("name", "content", "comment_email", "comment_by", "owner", "creation", "modified")
COMMENT_MAX = 10_000


def clean_todo(values: Mapping[str, Any]) -> dict[str, Any]:
	"""ToDo fields from a create request; only the documented ones are read."""
	description = sanitize_html(
		params.text(values.get("description"), "description", "description", COMMENT_MAX, True)
	)
	if not to_plain_text(description):
		raise InvalidParam("description", "description", _("{label} is required"))
	fields: dict[str, Any] = {"description": description, "status": "Open"}
	if not params.is_blank(values.get("priority")):
		fields["priority"] = params.choice(values["priority"], "priority", "priority", TODO_PRIORITIES)
	date = params.parse_date(values.get("date"), "date", "date")
	if date:
		fields["date"] = date.isoformat()
	reference = params.reference_pair(values, "reference_type", "reference_name")
	if reference:
		fields["reference_type"], fields["reference_name"] = reference
	allocated = params.text(values.get("allocated_to"), "allocated_to", "allocated_to", 140)
	if allocated:
		fields["allocated_to"] = allocated
	return fields


def todo_statuses(value: object) -> list[str]:
	return params.choice_set(value, "status", "status", TODO_STATUSES)


def serialize_todo(row: Mapping[str, Any]) -> dict[str, Any]:
	return {
		"name": row.get("name"),
		"status": row.get("status"),
		"priority": row.get("priority"),
		"date": _text(row.get("date")),
		"description": sanitize_html(row.get("description")),
		"allocated_to": row.get("allocated_to"),
		"assigned_by": row.get("assigned_by"),
		"reference_type": row.get("reference_type"),
		"reference_name": row.get("reference_name"),
		"modified": _text(row.get("modified")),
	}


def serialize_notification(row: Mapping[str, Any]) -> dict[str, Any]:
	return {
		"name": row.get("name"),
		"subject": to_plain_text(row.get("subject")),
		"type": row.get("type") or None,
		"document_type": row.get("document_type"),
		"document_name": row.get("document_name"),
		"from_user": row.get("from_user"),
		"read": bool(row.get("read")),
		"creation": _text(row.get("creation")),
		"link": row.get("link") or None,
	}


def clean_comment(content: object) -> str:
	html = sanitize_html(params.text(content, "content", "content", COMMENT_MAX, required=True))
	if not to_plain_text(html) and "<img" not in html:
		raise InvalidParam("content", "content", _("{label} is required"))
	return html


def serialize_comment(row: Mapping[str, Any]) -> dict[str, Any]:
	return {
		"name": row.get("name"),
		"content": sanitize_html(row.get("content")),
		"comment_email": row.get("comment_email") or row.get("owner"),
		"comment_by": row.get("comment_by") or row.get("comment_email") or row.get("owner"),
		"creation": _text(row.get("creation")),
		"modified": _text(row.get("modified")),
	}


def _text(value: Any) -> str | None:
	return None if value in (None, "") else str(value)
