"""What a client may choose for a task (`get_task_options`), and the version it caches it by.

The answer lists the site's task types, statuses and priorities in the DocType's order, each with
its label in the caller's language; the defaults a new task form starts with; and `version`, a
digest of everything else in the answer, which the endpoint also sends as its ETag. A client that
sends that ETag back in If-None-Match is answered 304 until an admin changes a value or a label.
"""

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from crm.core.schema import DocSchema

# answer key -> CRM Task field
LISTS = {"task_types": "task_type", "statuses": "status", "priorities": "priority"}
VERSION_LENGTH = 16


def choices(values: Sequence[str], translate: Callable[[str], str]) -> list[dict[str, Any]]:
	"""`values` as {value, label, order}; order counts from 1 (for priorities, least important first)."""
	return [{"value": value, "label": translate(value), "order": n} for n, value in enumerate(values, 1)]


def defaults(task: DocSchema, preferred: Mapping[str, str | None]) -> dict[str, str | None]:
	"""A new task's values: the preferred one (CRM Settings) when the site still allows it, else the
	DocType's default (None when it has none)."""
	chosen: dict[str, str | None] = {}
	for fieldname in LISTS.values():
		wanted = preferred.get(fieldname)
		chosen[fieldname] = wanted if wanted in task.options(fieldname) else task.default(fieldname)
	return chosen


def task_options(
	task: DocSchema,
	preferred: Mapping[str, str | None],
	translate: Callable[[str], str],
	language: str,
) -> dict[str, Any]:
	"""The answer of get_task_options for the site's CRM Task (`task`) in `language`."""
	answer: dict[str, Any] = {key: choices(task.options(field), translate) for key, field in LISTS.items()}
	answer["labels"] = {field: translate(task.label(field)) for field in LISTS.values()}
	answer["defaults"] = defaults(task, preferred)
	answer["language"] = language
	answer["version"] = version(answer)
	return answer


def version(answer: Mapping[str, Any]) -> str:
	"""A digest of the answer (without its own `version`): it changes whenever any value, label,
	order, default or the language does."""
	content = {key: value for key, value in answer.items() if key != "version"}
	text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
	return hashlib.sha256(text.encode()).hexdigest()[:VERSION_LENGTH]


def etag(version_: str) -> str:
	return f'"{version_}"'


def etag_matches(if_none_match: str | None, current: str) -> bool:
	"""Whether an If-None-Match header names the current ETag (weak or strong, or `*`)."""
	if not if_none_match:
		return False
	for tag in if_none_match.split(","):
		tag = tag.strip()
		if tag == "*" or tag.removeprefix("W/") == current:
			return True
	return False
