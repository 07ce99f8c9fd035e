"""The CRM Task record as the mobile API sees it: allowed values, input cleaning, serialization.

Allowed task types, statuses and priorities, labels and mandatory flags come from a `DocSchema`
(crm/core/schema.py): on a site the Frappe layer builds it from the DocType's meta, so Customize
Form reaches these rules; without one they are the DocType as shipped. Nothing here repeats them.
The order of the Priority options is meaningful (least to most important) and gives
`priority_rank`, which lists sort on.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from crm.core import params, schema
from crm.core.i18n import _
from crm.core.schema import DocSchema

DOCTYPE = "CRM Task"

# The task object in lists (docs/mobile-api.md); single-task answers add `description`.
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
DATETIME_FIELDS = ("due_date", "modified")  # of a list row; `start_date` is a date

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
# The Select fields a client chooses from (get_task_options lists them).
CHOICE_FIELDS = ("task_type", "status", "priority")
DONE_STATUSES = ("Done", "Canceled")
TITLE_MAX_LENGTH = 140


def shipped() -> DocSchema:
	"""CRM Task as the app ships it: a fresh site's values (the Frappe layer passes the site's)."""
	return schema.shipped(DOCTYPE)


def options(fieldname: str, task: DocSchema | None = None) -> tuple[str, ...]:
	"""The allowed values of a Select field of CRM Task, in the DocType's order."""
	return (task or shipped()).options(fieldname)


def label(fieldname: str, task: DocSchema | None = None) -> str:
	return (task or shipped()).label(fieldname)


def default(fieldname: str, task: DocSchema | None = None) -> str | None:
	return (task or shipped()).default(fieldname)


def task_types(task: DocSchema | None = None) -> tuple[str, ...]:
	return options("task_type", task)


def statuses(task: DocSchema | None = None) -> tuple[str, ...]:
	return options("status", task)


def priorities(task: DocSchema | None = None) -> tuple[str, ...]:
	return options("priority", task)


def priority_rank(priority: str | None, ordered: Sequence[str] | None = None) -> int:
	"""1 for the least important priority up to N for the most (in `ordered`, the site's priorities,
	least important first); 0 for none or unknown."""
	ordered = priorities() if ordered is None else ordered
	return list(ordered).index(priority) + 1 if priority in ordered else 0


def clean_task_input(
	values: Mapping[str, Any],
	*,
	creating: bool,
	site_tz: str | None = None,
	task: DocSchema | None = None,
) -> dict[str, Any]:
	"""Validate the writable fields present in `values` against `task` (the site's CRM Task).

	A key whose value is None is "not sent" and left alone. On create, `title` and `task_type` are
	required, and so is any field the site made mandatory that has no default. An empty string
	clears an optional field (dates, assignee, description, reference); the title, type, status,
	priority and mandatory fields cannot be cleared. Raises `InvalidParam` naming the field.
	"""
	task = task or shipped()
	sent = {key: values[key] for key in WRITABLE_FIELDS if values.get(key) is not None}
	clean: dict[str, Any] = {}
	if creating or "title" in sent:
		clean["title"] = params.text(
			sent.get("title"), "title", "Task title", max_length=TITLE_MAX_LENGTH, required=True
		)
	for fieldname in CHOICE_FIELDS:
		if fieldname in sent or (creating and fieldname == "task_type"):
			clean[fieldname] = params.choice(
				sent.get(fieldname), fieldname, label(fieldname, task), options(fieldname, task)
			)
	clean |= _clean_free_fields(sent, task, site_tz)
	if creating and clean.get("reference_docname") and not clean.get("reference_doctype"):
		raise params.InvalidParam(
			"reference_doctype",
			label("reference_doctype", task),
			_("{label} is required with a reference document"),
		)
	_check_mandatory(clean, task, creating)
	return clean


def _clean_free_fields(sent: Mapping[str, Any], task: DocSchema, site_tz: str | None) -> dict[str, Any]:
	"""The dates, assignee, description and reference among `sent`, checked."""
	clean: dict[str, Any] = {}
	if "start_date" in sent:
		clean["start_date"] = params.parse_date(sent["start_date"], "start_date", label("start_date", task))
	if "due_date" in sent:
		clean["due_date"] = params.parse_datetime(
			sent["due_date"], "due_date", label("due_date", task), site_tz
		)
	for fieldname in ("assigned_to", "reference_doctype", "reference_docname"):
		if fieldname in sent:
			clean[fieldname] = params.text(sent[fieldname], fieldname, label(fieldname, task), max_length=140)
	if "description" in sent:
		description = sent["description"]
		if not isinstance(description, str):
			params.text(description, "description", label("description", task))
		clean["description"] = description if isinstance(description, str) and description.strip() else None
	return clean


def _check_mandatory(clean: Mapping[str, Any], task: DocSchema, creating: bool) -> None:
	"""A field the site made mandatory (Customize Form) may not be cleared, nor left out on create
	when it has no default."""
	for fieldname in WRITABLE_FIELDS:
		if not task.required(fieldname):
			continue
		missing = fieldname not in clean and creating and task.default(fieldname) is None
		if missing or (fieldname in clean and clean[fieldname] in (None, "")):
			raise params.InvalidParam(fieldname, label(fieldname, task), _("{label} is required"))


def serialize_task(row: Mapping[str, Any], *, detail: bool = False) -> dict[str, Any]:
	"""The task object (docs/mobile-api.md): `name` as int, dates `YYYY-MM-DD`, datetimes
	`YYYY-MM-DD HH:MM:SS[.ffffff]`, missing values as None."""
	fields = DETAIL_FIELDS if detail else LIST_FIELDS
	return {fieldname: _SPELLINGS.get(fieldname, _blank_as_none)(row.get(fieldname)) for fieldname in fields}


def _blank_as_none(value: Any) -> Any:
	return None if value == "" else value


def _format_date(value: Any) -> str | None:
	if type(value) is date:
		return value.isoformat()
	if value in (None, ""):
		return None
	if isinstance(value, datetime):
		return value.date().isoformat()
	return str(value)[:10]


def _format_datetime(value: Any) -> str | None:
	if isinstance(value, str) and _spelled_as_answered(value):
		return value[:19] if value.endswith(".000000") else value
	if value in (None, ""):
		return None
	if isinstance(value, datetime):
		return value.isoformat(sep=" ")
	if isinstance(value, date):
		return f"{value.isoformat()} 00:00:00"
	try:  # a time read as text in another spelling: the one the others give
		return datetime.fromisoformat(str(value)).isoformat(sep=" ")
	except ValueError:
		return str(value)


def _spelled_as_answered(text: str) -> bool:
	"""Whether a time read as text is `YYYY-MM-DD HH:MM:SS[.ffffff]`, as MariaDB sends a column cast
	as text and Frappe keeps one in SQLite: answered as it is (less six zero digits), where parsing
	it and spelling it again cost a page of a hundred tasks 0.1 ms."""
	return len(text) in (19, 26) and text[10] == " " and text[13] == text[16] == ":" and text[:4].isdigit()


_SPELLINGS = {
	"name": params.to_int,
	"start_date": _format_date,
	**{fieldname: _format_datetime for fieldname in DATETIME_FIELDS},
}


def was_visible_to(stored: object, user: str) -> bool:
	"""Whether a Sales User `user` could see the task kept as JSON in `stored` (a Deleted Document's
	data): they owned it or it was assigned to them."""
	try:
		task = json.loads(stored) if isinstance(stored, str) else {}
	except ValueError:
		return False
	return isinstance(task, dict) and user in (task.get("owner"), task.get("assigned_to"))


def stored_mention(user: str) -> str:
	"""A LIKE pattern every stored task `user` could see matches (their address as JSON spells it
	in a Deleted Document's data): the database drops the others before any is parsed."""
	return f"%{json.dumps(user)}%"


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
