"""The CRM Task record as the mobile API sees it: allowed values, input cleaning, serialization.

Allowed task types, statuses and priorities are read from the DocType's JSON, which is Frappe's
source of truth; nothing here repeats them. The order of the Priority options is meaningful
(least to most important) and gives `priority_rank`, which lists sort on.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from crm.core import params, schema
from crm.core.i18n import _

DOCTYPE = "CRM Task"

# The task object in lists, in the seed's field set; single-task answers add `description`.
LIST_FIELDS = (
	"name",
	"title",
	"status",
	"priority",
	"task_type",
	"start_date",
	"due_date",
	"assigned_to",
	"modified",
)
DETAIL_FIELDS = (*LIST_FIELDS, "description")

# Fields a client may set through create_task / edit_task; anything else in a request is ignored.
WRITABLE_FIELDS = (
	"title",
	"task_type",
	"status",
	"priority",
	"start_date",
	"due_date",
	"assigned_to",
	"description",
	"reference_doctype",
	"reference_docname",
)
DONE_STATUSES = ("Done", "Canceled")
TITLE_MAX_LENGTH = 140


def options(fieldname: str) -> tuple[str, ...]:
	"""The allowed values of a Select field of CRM Task, in the DocType's order."""
	return schema.options(DOCTYPE, fieldname)


def label(fieldname: str) -> str:
	return schema.label(DOCTYPE, fieldname)


def default(fieldname: str) -> str | None:
	return schema.fields(DOCTYPE)[fieldname].get("default")


def task_types() -> tuple[str, ...]:
	return options("task_type")


def statuses() -> tuple[str, ...]:
	return options("status")


def priorities() -> tuple[str, ...]:
	return options("priority")


def priority_rank(priority: str | None) -> int:
	"""1 for the least important priority up to N for the most; 0 for none or unknown."""
	ordered = priorities()
	return ordered.index(priority) + 1 if priority in ordered else 0


def clean_task_input(
	values: Mapping[str, Any], *, creating: bool, site_tz: str | None = None
) -> dict[str, Any]:
	"""Validate the writable fields present in `values`.

	A key whose value is None is "not sent" and left alone. On create, `title` and `task_type` are
	required. An empty string clears an optional field (dates, assignee, description, reference);
	the title, type, status and priority cannot be cleared. Raises `InvalidParam` naming the field.
	"""
	sent = {key: values[key] for key in WRITABLE_FIELDS if values.get(key) is not None}
	clean: dict[str, Any] = {}

	if creating or "title" in sent:
		title = params.text(
			sent.get("title"), "title", "Task title", max_length=TITLE_MAX_LENGTH, required=True
		)
		clean["title"] = title
	if creating or "task_type" in sent:
		clean["task_type"] = params.choice(
			sent.get("task_type"), "task_type", label("task_type"), task_types()
		)
	for fieldname in ("status", "priority"):
		if fieldname in sent:
			clean[fieldname] = params.choice(sent[fieldname], fieldname, label(fieldname), options(fieldname))
	if "start_date" in sent:
		clean["start_date"] = params.parse_date(sent["start_date"], "start_date", label("start_date"))
	if "due_date" in sent:
		clean["due_date"] = params.parse_datetime(sent["due_date"], "due_date", label("due_date"), site_tz)
	if "assigned_to" in sent:
		clean["assigned_to"] = params.text(
			sent["assigned_to"], "assigned_to", label("assigned_to"), max_length=140
		)
	if "description" in sent:
		description = sent["description"]
		if not isinstance(description, str):
			params.text(description, "description", label("description"))
		clean["description"] = description if isinstance(description, str) and description.strip() else None
	for fieldname in ("reference_doctype", "reference_docname"):
		if fieldname in sent:
			clean[fieldname] = params.text(sent[fieldname], fieldname, label(fieldname), max_length=140)
	if creating and clean.get("reference_docname") and not clean.get("reference_doctype"):
		raise params.InvalidParam(
			"reference_doctype",
			label("reference_doctype"),
			_("{label} is required with a reference document"),
		)
	return clean


def serialize_task(row: Mapping[str, Any], *, detail: bool = False) -> dict[str, Any]:
	"""The task object of seed 000: `name` as int, dates `YYYY-MM-DD`, datetimes
	`YYYY-MM-DD HH:MM:SS[.ffffff]`, missing values as None."""
	fields = DETAIL_FIELDS if detail else LIST_FIELDS
	result: dict[str, Any] = {}
	for fieldname in fields:
		value = row.get(fieldname)
		if fieldname == "name":
			value = params.to_int(value)
		elif fieldname == "start_date":
			value = _format_date(value)
		elif fieldname in ("due_date", "modified"):
			value = _format_datetime(value)
		elif value == "":
			value = None
		result[fieldname] = value
	return result


def _format_date(value: Any) -> str | None:
	if value in (None, ""):
		return None
	if isinstance(value, datetime):
		return value.date().isoformat()
	if isinstance(value, date):
		return value.isoformat()
	return str(value)[:10]


def _format_datetime(value: Any) -> str | None:
	if value in (None, ""):
		return None
	if isinstance(value, datetime):
		return value.isoformat(sep=" ")
	if isinstance(value, date):
		return f"{value.isoformat()} 00:00:00"
	try:  # a database that keeps times as text (SQLite): the same spelling as the others give
		return datetime.fromisoformat(str(value)).isoformat(sep=" ")
	except ValueError:
		return str(value)


def was_visible_to(stored: object, user: str) -> bool:
	"""Whether a Sales User `user` could see the task kept as JSON in `stored` (a Deleted Document's
	data): they owned it or it was assigned to them."""
	try:
		task = json.loads(stored) if isinstance(stored, str) else {}
	except ValueError:
		return False
	return isinstance(task, dict) and user in (task.get("owner"), task.get("assigned_to"))


# Idempotent creates and conflict-safe edits ---------------------------------------------------

IDEMPOTENCY_HOURS = 24  # a key is remembered this long after its task was created
_KEY_MAX = 200


def idempotency_digest(user: str, key: object) -> str | None:
	"""What CRM Task stores for a client's `idempotency_key`: a digest scoped to the user, so two
	users' keys never collide and the key itself is not kept. None when no key was sent."""
	text = params.text(key, "idempotency_key", "idempotency_key", _KEY_MAX)
	if not text:
		return None
	return hashlib.sha256(f"{user}\n{text}".encode()).hexdigest()[:40]


def is_stale(sent_modified: object, stored: Any, site_tz: str | None = None) -> bool:
	"""True when the client's `modified` is not the stored one (a naive datetime in the site's time
	zone, `site_tz`). Both are read as datetimes, so other spellings of the same instant match: a
	`T` separator, or a UTC offset such as `Z`."""
	sent = params.parse_datetime(sent_modified, "modified", "modified", site_tz)
	current = (
		stored
		if isinstance(stored, datetime)
		else params.parse_datetime(str(stored), "modified", "modified", site_tz)
	)
	return sent != current
