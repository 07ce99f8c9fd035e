"""The Human Inbox's list: its filters, its keyset cursor and what it shows of Frappe's Email Queue.

Plain Python (tier 1). Every parameter error is an `InvalidParam` naming the field by its label
(`LABELS`), which the Frappe layer translates, so people read "Agent", never "agent".
"""

import base64
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from crm.core import email_drafts, params
from crm.core.errors import InvalidParam, Label
from crm.core.i18n import _

MAX_LIMIT = 200
SEARCH_MAX = 140
REASON_MAX = 300

# Parameter -> the label people see on the page (translated by the Frappe layer).
LABELS = {
	"doctype": _("Record type"),
	"docname": _("Record"),
	"status": _("Status"),
	"limit": _("Limit"),
	"search": _("Search"),
	"agent": _("Agent"),
	"from_date": _("From date"),
	"to_date": _("To date"),
	"cursor": _("Next page"),
}


@dataclass(frozen=True)
class Cursor:
	"""Where a page ended: the last row's communication_date (as stored) and name."""

	date: str
	name: str


@dataclass(frozen=True)
class InboxFilters:
	reference: tuple[str, str] | None
	statuses: list[str]
	search: str | None
	agent: str | None
	from_date: date | None
	to_date: date | None
	cursor: Cursor | None
	limit: int

	def date_range(self) -> tuple[str | None, str | None]:
		"""`communication_date` bounds: from midnight of from_date to before midnight after to_date."""
		start = f"{self.from_date.isoformat()} 00:00:00" if self.from_date else None
		end = f"{(self.to_date + timedelta(days=1)).isoformat()} 00:00:00" if self.to_date else None
		return start, end


def label(field: str) -> str:
	return LABELS.get(field, field)


def parse_filters(values: dict[str, Any], default_limit: int = 20) -> InboxFilters:
	"""The list's filters from request values, or `InvalidParam` naming the first wrong one."""
	reference = reference_pair(values)
	from_date = params.parse_date(values.get("from_date"), "from_date", label("from_date"))
	to_date = params.parse_date(values.get("to_date"), "to_date", label("to_date"))
	if from_date and to_date and from_date > to_date:
		raise InvalidParam(
			"to_date",
			label("to_date"),
			_("{label} must not be before {other}"),
			other=Label(label("from_date")),
		)
	return InboxFilters(
		reference=reference,
		statuses=params.choice_set(values.get("status"), "status", label("status"), email_drafts.STATUSES),
		search=params.text(values.get("search"), "search", label("search"), SEARCH_MAX),
		agent=params.text(values.get("agent"), "agent", label("agent"), 140),
		from_date=from_date,
		to_date=to_date,
		cursor=decode_cursor(values.get("cursor")),
		limit=strict_limit(values.get("limit"), default_limit),
	)


def reference_pair(values: dict[str, Any]) -> tuple[str, str] | None:
	"""(doctype, docname): both or neither."""
	doctype = params.text(values.get("doctype"), "doctype", label("doctype"), 140)
	name = params.text(values.get("docname"), "docname", label("docname"), 140)
	if bool(doctype) != bool(name):
		missing, other = ("docname", "doctype") if doctype else ("doctype", "docname")
		raise InvalidParam(
			missing, label(missing), _("{label} is required with {other}"), other=Label(label(other))
		)
	return (doctype, name) if doctype else None


def strict_limit(value: object, default: int) -> int:
	"""`limit` from 1 to MAX_LIMIT; blank is `default`, anything else is a sentence, never a guess."""
	if params.is_blank(value):
		return default
	number = params.to_int(value)
	if number is None or not 1 <= number <= MAX_LIMIT:
		raise InvalidParam(
			"limit",
			label("limit"),
			_("{label} must be a whole number from 1 to {max}, not {value}"),
			max=MAX_LIMIT,
			value=str(value)[:40],
		)
	return number


def encode_cursor(row: dict[str, Any]) -> str:
	body = json.dumps([str(row["communication_date"]), str(row["name"])], separators=(",", ":"))
	return base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")


def decode_cursor(token: object) -> Cursor | None:
	if params.is_blank(token):
		return None
	try:
		raw = base64.urlsafe_b64decode(str(token) + "=" * (-len(str(token)) % 4))
		stamp, name = json.loads(raw)
		if isinstance(stamp, str) and isinstance(name, str) and len(stamp) <= 40 and len(name) <= 140:
			return Cursor(stamp, name)
	except (ValueError, TypeError):
		pass
	raise InvalidParam("cursor", label("cursor"), _("{label} is not a link this server gave"))


def failure_reason(error: str | None) -> str | None:
	"""The last meaningful line of Frappe's stored error (a traceback's final line), shortened."""
	lines = [line.strip() for line in (error or "").splitlines() if line.strip()]
	if not lines:
		return None
	reason = lines[-1]
	return reason if len(reason) <= REASON_MAX else reason[: REASON_MAX - 1] + "…"


def queue_state(row: dict[str, Any] | None) -> dict[str, Any] | None:
	"""What the inbox shows of a Communication's Email Queue row: status, reason, when."""
	if not row:
		return None
	return {
		"name": row.get("name"),
		"status": row.get("status"),
		"error": failure_reason(row.get("error")) if row.get("status") == "Error" else None,
		"send_after": _stamp(row.get("send_after")),
		"modified": _stamp(row.get("modified")),
	}


def count_by_status(groups: list[dict[str, Any]]) -> dict[str, int]:
	"""Per short status, the sum of `count` over grouped Communication rows."""
	counts = dict.fromkeys(email_drafts.STATUSES, 0)
	for group in groups:
		counts[email_drafts.status_of(group)] += int(group.get("count") or 0)
	return counts


def _stamp(value: Any) -> str | None:
	return None if value in (None, "") else str(value)
