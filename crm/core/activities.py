"""Logged activities (CRM Activity) and the merged timeline of a record."""

import heapq
from collections.abc import Iterable, Mapping
from typing import Any

from crm.core import params, schema
from crm.core.errors import InvalidParam
from crm.core.i18n import _
from crm.core.sanitize import sanitize_html, to_plain_text
from crm.core.schema import DocSchema

DOCTYPE = "CRM Activity"
FIELDS = ("activity_type", "subject", "activity_date", "duration_minutes", "outcome", "notes")
COLUMNS = ("name", *FIELDS, "reference_doctype", "reference_name", "owner", "creation", "modified")
MAX_DURATION = 24 * 60


def clean_activity(
	values: Mapping[str, Any],
	*,
	creating: bool,
	site_tz: str | None = None,
	activity: DocSchema | None = None,
) -> dict[str, Any]:
	"""CRM Activity fields from a request: only FIELDS (and the reference on create), each checked.
	Types and outcomes are those of `activity`, the site's CRM Activity (None: as shipped)."""
	field = _FieldCleaner(activity or schema.shipped(DOCTYPE), site_tz)
	cleaned = {key: field.clean(key, values[key]) for key in FIELDS if values.get(key) is not None}
	if creating:
		for required in ("activity_type", "subject"):
			if required not in cleaned:
				raise InvalidParam(required, required, _("{label} is required"))
		cleaned["reference_doctype"], cleaned["reference_name"] = params.reference_pair(
			values, "reference_doctype", "reference_name", required=True
		)
	return cleaned


class _FieldCleaner:
	"""Each of FIELDS checked as `clean_activity` takes it, with the site's choices and time zone."""

	def __init__(self, activity: DocSchema, site_tz: str | None) -> None:
		self.activity, self.site_tz = activity, site_tz

	def clean(self, key: str, value: Any) -> Any:
		return getattr(self, key)(key, value)

	def activity_type(self, key: str, value: Any) -> str:
		return params.choice(value, key, self.activity.label(key), self.activity.options(key))

	def outcome(self, key: str, value: Any) -> str:
		return "" if params.is_blank(value) else self.activity_type(key, value)

	def subject(self, key: str, value: Any) -> str:
		return " ".join((params.text(value, key, "Subject", 140, required=True) or "").split())

	def activity_date(self, key: str, value: Any) -> str:
		moment = params.parse_datetime(value, key, "Date and Time", self.site_tz)
		if moment is None:
			raise InvalidParam(key, "Date and Time", _("{label} is required"))
		return moment.isoformat(sep=" ")

	def duration_minutes(self, key: str, value: Any) -> int:
		minutes = params.to_int(value)
		if minutes is None or not 0 <= minutes <= MAX_DURATION:
			raise InvalidParam(
				key,
				"Duration (minutes)",
				_("{label} must be a whole number from 0 to {max}"),
				max=MAX_DURATION,
			)
		return minutes

	def notes(self, key: str, value: Any) -> str:
		return sanitize_html(value)


def serialize_activity(row: Mapping[str, Any]) -> dict[str, Any]:
	return {
		"name": row.get("name"),
		"activity_type": row.get("activity_type"),
		"subject": row.get("subject"),
		"activity_date": _text(row.get("activity_date")),
		"duration_minutes": row.get("duration_minutes"),
		"outcome": row.get("outcome") or None,
		"notes": sanitize_html(row.get("notes")),
		"reference_doctype": row.get("reference_doctype"),
		"reference_name": row.get("reference_name"),
		"owner": row.get("owner"),
		"modified": _text(row.get("modified")),
	}


# --- the timeline ---------------------------------------------------------------------------


def timeline_item(
	kind: str, name: Any, timestamp: Any, title: str, owner: str | None, data: Mapping[str, Any] | None = None
) -> dict[str, Any]:
	"""One entry of a record's timeline; `data` carries the kind's own fields."""
	return {
		"type": kind,
		"name": name,
		"timestamp": _text(timestamp),
		"title": title,
		"owner": owner,
		"data": dict(data or {}),
	}


def activity_item(row: Mapping[str, Any]) -> dict[str, Any]:
	activity = serialize_activity(row)
	return timeline_item(
		"activity", row["name"], row.get("activity_date"), activity["subject"], row.get("owner"), activity
	)


def comment_item(row: Mapping[str, Any]) -> dict[str, Any]:
	html = sanitize_html(row.get("content"))
	title = to_plain_text(html, 80)
	return timeline_item(
		"comment", row["name"], row.get("creation"), title, row.get("owner"), {"content": html}
	)


def email_item(row: Mapping[str, Any], serialized: Mapping[str, Any]) -> dict[str, Any]:
	title = serialized.get("subject") or ""
	return timeline_item(
		"email", row["name"], row.get("communication_date"), title, row.get("owner"), serialized
	)


def whatsapp_item(message: Mapping[str, Any]) -> dict[str, Any]:
	"""A WhatsApp message (serialized by `crm.core.whatsapp.serialize`)."""
	title = message.get("body") or message.get("template") or message.get("message_type") or ""
	return timeline_item(
		"whatsapp",
		message["name"],
		message.get("message_time"),
		str(title)[:80],
		message.get("owner"),
		message,
	)


def task_item(row: Mapping[str, Any]) -> dict[str, Any]:
	data = {"status": row.get("status"), "priority": row.get("priority"), "task_type": row.get("task_type")}
	return timeline_item(
		"task", row["name"], row.get("creation"), row.get("title") or "", row.get("owner"), data
	)


def task_change_item(row: Mapping[str, Any], changes: Iterable[Iterable[Any]], title: str) -> dict[str, Any]:
	"""A Version of a linked CRM Task: which fields changed from what to what."""
	changed = [{"field": c[0], "from": c[1], "to": c[2]} for c in map(list, changes) if len(c) >= 3]
	data = {"task": row.get("docname"), "changes": changed}
	return timeline_item("task_change", row["name"], row.get("creation"), title, row.get("owner"), data)


def merge_newest_first(
	sources: Iterable[list[dict[str, Any]]], page: int, limit: int
) -> list[dict[str, Any]]:
	"""Merge lists already sorted newest first; one page of the result. Ties keep a stable order."""
	ordered = [sorted(source, key=_sort_key, reverse=True) for source in sources]
	merged = heapq.merge(*ordered, key=_sort_key, reverse=True)
	start = (page - 1) * limit
	result = []
	for index, item in enumerate(merged):
		if index >= start + limit:
			break
		if index >= start:
			result.append(item)
	return result


def _sort_key(item: Mapping[str, Any]) -> tuple[str, str, str]:
	return (item.get("timestamp") or "", item.get("type") or "", str(item.get("name")))


def _text(value: Any) -> str | None:
	return None if value in (None, "") else str(value)
