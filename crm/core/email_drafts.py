"""Email drafts as the API sees them: parameters, recipient lists, statuses and the answer shape.

A draft is a Frappe `Communication` (medium Email) whose `delivery_status` is "Draft" until a
person approves it; Frappe's email queue then moves it through Sending to Sent (or Error).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from crm.core import params
from crm.core.errors import InvalidParam
from crm.core.i18n import _
from crm.core.sanitize import clean_to_plain_text, sanitize_html

DRAFT = "Draft"
# delivery_status values (Frappe's) and the short status the API and the Human Inbox show.
STATUS_BY_DELIVERY = {
	DRAFT: "Draft",
	"Scheduled": "Queued",
	"Sending": "Queued",
	"Sent": "Sent",
	"Opened": "Sent",
	"Read": "Sent",
	"Clicked": "Sent",
	"Error": "Failed",
	"Bounced": "Failed",
	"Rejected": "Failed",
	"Expired": "Failed",
}
STATUSES = ("Draft", "Queued", "Sent", "Failed", "Received")

MAX_RECIPIENTS = 50
SUBJECT_MAX = 998  # RFC 5322 line limit
PROVIDER_ID_MAX = 255
_EMAIL_RE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")

# The parameters of a draft, in the agent payload's words. One place: the email API and the agent
# router both read it.
DRAFT_REQUIRED = ("reference_doctype", "reference_name", "to", "subject")
DRAFT_OPTIONAL = ("html", "cc", "bcc", "provider_thread_id")
PROVIDER_REQUIRED = ("provider", "provider_message_id")
# What people read in messages for a field (translated by the Frappe layer); others by their name.
LABELS = {
	"reference_doctype": _("Record type"),
	"reference_name": _("Record"),
	"to": _("To"),
	"cc": _("CC"),
	"bcc": _("BCC"),
	"subject": _("Subject"),
	"html": _("Message"),
}


def label(field_name: str) -> str:
	return LABELS.get(field_name, field_name)


@dataclass
class Draft:
	reference_doctype: str
	reference_name: str
	to: list[str]
	subject: str
	html: str
	cc: list[str] = field(default_factory=list)
	bcc: list[str] = field(default_factory=list)
	provider: str | None = None
	provider_message_id: str | None = None
	provider_thread_id: str | None = None

	def communication_fields(self) -> dict[str, Any]:
		"""The Communication fields this draft sets."""
		return {
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Sent",
			"delivery_status": DRAFT,
			"reference_doctype": self.reference_doctype,
			"reference_name": self.reference_name,
			"recipients": join_addresses(self.to),
			"cc": join_addresses(self.cc) or None,
			"bcc": join_addresses(self.bcc) or None,
			"subject": self.subject,
			"content": self.html,
			"provider": self.provider,
			"provider_message_id": self.provider_message_id,
			"provider_thread_id": self.provider_thread_id,
		}


@dataclass
class ProviderIds:
	provider: str
	provider_message_id: str | None
	provider_thread_id: str | None


def parse_draft(values: Mapping[str, Any], *, with_provider: bool = False) -> Draft:
	"""A `Draft` from request values, or `InvalidParam` naming the first field that is wrong."""
	for name in (*DRAFT_REQUIRED, *(PROVIDER_REQUIRED if with_provider else ())):
		if params.is_blank(values.get(name)):
			raise InvalidParam(name, label(name), _("{label} is required"))
	provider = provider_ids(values, required=with_provider)
	return Draft(
		reference_doctype=params.text(values.get("reference_doctype"), "reference_doctype", label("reference_doctype"), 140, True),
		reference_name=params.text(values.get("reference_name"), "reference_name", label("reference_name"), 140, True),
		to=parse_addresses(values.get("to"), "to", required=True),
		subject=_subject(values.get("subject")),
		html=sanitize_html(values.get("html")),
		cc=parse_addresses(values.get("cc"), "cc"),
		bcc=parse_addresses(values.get("bcc"), "bcc"),
		provider=provider.provider if provider else None,
		provider_message_id=provider.provider_message_id if provider else None,
		provider_thread_id=(
			provider.provider_thread_id
			if provider
			else params.text(values.get("provider_thread_id"), "provider_thread_id", "provider_thread_id", PROVIDER_ID_MAX)
		),
	)  # fmt: skip


def parse_edit(values: Mapping[str, Any]) -> dict[str, Any]:
	"""Communication fields for an edit from the Human Inbox; only the fields that were sent."""
	changes: dict[str, Any] = {}
	if "to" in values and values["to"] is not None:
		changes["recipients"] = join_addresses(parse_addresses(values["to"], "to", required=True))
	for name in ("cc", "bcc"):
		if name in values and values[name] is not None:
			changes[name] = join_addresses(parse_addresses(values[name], name)) or None
	if "subject" in values and values["subject"] is not None:
		changes["subject"] = _subject(values["subject"])
	if "html" in values and values["html"] is not None:
		changes["content"] = sanitize_html(values["html"])
	return changes


def provider_ids(values: Mapping[str, Any], *, required: bool) -> ProviderIds | None:
	"""`provider` with its message and thread ids; None when no provider was given and none is required."""
	provider = params.text(values.get("provider"), "provider", "provider", 64, required)
	message_id = params.text(
		values.get("provider_message_id"),
		"provider_message_id",
		"provider_message_id",
		PROVIDER_ID_MAX,
		required,
	)
	thread_id = params.text(
		values.get("provider_thread_id"), "provider_thread_id", "provider_thread_id", PROVIDER_ID_MAX
	)
	if provider is None:
		if message_id or thread_id:
			raise InvalidParam("provider", "provider", _("{label} is required with provider ids"))
		return None
	if not (message_id or thread_id):
		raise InvalidParam(
			"provider_message_id",
			"provider_message_id",
			_("{label} or provider_thread_id is required"),
		)
	return ProviderIds(provider.lower(), message_id, thread_id)


def parse_addresses(value: object, field_name: str, *, required: bool = False) -> list[str]:
	"""Email addresses from a comma/semicolon-separated string or a list; display names are kept."""
	if params.is_blank(value) or value == []:
		if required:
			raise InvalidParam(field_name, label(field_name), _("{label} is required"))
		return []
	if isinstance(value, str):
		chunks = _split_list(value)
	elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
		chunks = [chunk for item in value for chunk in _split_list(item)]
	else:
		raise InvalidParam(
			field_name, label(field_name), _("{label} must be email addresses separated by commas")
		)
	addresses: list[str] = []
	seen: set[str] = set()
	for chunk in chunks:
		name, address = parseaddr(chunk)
		address = address.strip()
		if not _EMAIL_RE.match(address) or (not name and address != chunk.strip("<> ")):
			raise InvalidParam(
				field_name,
				label(field_name),
				_("{label} contains an invalid email address: {value}"),
				value=chunk[:140],
			)
		if address.lower() in seen:
			continue
		seen.add(address.lower())
		addresses.append(_display(name.strip(), address))
	if required and not addresses:
		raise InvalidParam(field_name, label(field_name), _("{label} is required"))
	if len(addresses) > MAX_RECIPIENTS:
		raise InvalidParam(
			field_name, label(field_name), _("{label} has more than {max} addresses"), max=MAX_RECIPIENTS
		)
	return addresses


def _display(name: str, address: str) -> str:
	if not name:
		return address
	if any(char in name for char in ',;"<>@()'):
		name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
	return f"{name} <{address}>"


def _split_list(text: str) -> list[str]:
	"""Split on commas and semicolons outside quotes and angle brackets; blank items dropped."""
	chunks, current, quoted, bracketed = [], [], False, False
	for char in text:
		if char == '"':
			quoted = not quoted
		elif char == "<" and not quoted:
			bracketed = True
		elif char == ">" and not quoted:
			bracketed = False
		if char in ",;" and not quoted and not bracketed:
			chunks.append("".join(current))
			current = []
			continue
		current.append(char)
	chunks.append("".join(current))
	return [chunk.strip() for chunk in chunks if chunk.strip()]


def single_address(value: object, field_name: str, required: bool = False) -> str:
	"""One plain address (no display name), lower-cased; "" when blank and not required."""
	addresses = parse_addresses(value, field_name, required=required)
	if not addresses:
		return ""
	if len(addresses) != 1 or "<" in addresses[0]:
		raise InvalidParam(field_name, label(field_name), _("{label} must be one plain email address"))
	return addresses[0].lower()


def join_addresses(addresses: list[str]) -> str:
	return ", ".join(addresses)


def split_addresses(value: object) -> list[str]:
	"""Stored recipients (a comma-separated string) as a list, for answers."""
	if not value:
		return []
	return _split_list(str(value))


def _subject(value: object) -> str:
	subject = params.text(value, "subject", label("subject"), SUBJECT_MAX, required=True)
	return " ".join(subject.split())  # no line breaks: they would split the email header


def status_of(row: Mapping[str, Any]) -> str:
	"""The short status of a Communication row."""
	if row.get("sent_or_received") == "Received":
		return "Received"
	return STATUS_BY_DELIVERY.get(row.get("delivery_status") or "", "Sent")


def is_draft(row: Mapping[str, Any]) -> bool:
	return row.get("delivery_status") == DRAFT and row.get("sent_or_received") != "Received"


def statuses_filter(value: object) -> list[str]:
	"""`status` of get_inbox: a comma-separated set of STATUSES."""
	return params.choice_set(value, "status", "status", STATUSES)


def delivery_statuses(statuses: list[str]) -> list[str]:
	"""Frappe delivery_status values behind the short statuses (Received is not one of them)."""
	return [delivery for delivery, short in STATUS_BY_DELIVERY.items() if short in statuses]


# Columns read for the answer shape.
FIELDS = (
	"name",
	"subject",
	"sender",
	"recipients",
	"cc",
	"bcc",
	"content",
	"delivery_status",
	"sent_or_received",
	"communication_date",
	"reference_doctype",
	"reference_name",
	"provider",
	"provider_message_id",
	"provider_thread_id",
	"owner",
	"modified",
)


def serialize(row: Mapping[str, Any], *, with_content: bool = True) -> dict[str, Any]:
	"""A Communication as the email API answers it; `html` is always sanitized."""
	html = sanitize_html(row.get("content"))
	answer = {
		"name": row.get("name"),
		"status": status_of(row),
		"delivery_status": row.get("delivery_status") or None,
		"subject": row.get("subject") or "",
		"sender": row.get("sender") or None,
		"to": split_addresses(row.get("recipients")),
		"cc": split_addresses(row.get("cc")),
		"bcc": split_addresses(row.get("bcc")),
		"preview": clean_to_plain_text(html, 200),
		"sent_or_received": row.get("sent_or_received"),
		"communication_date": _stamp(row.get("communication_date")),
		"reference_doctype": row.get("reference_doctype"),
		"reference_name": row.get("reference_name"),
		"provider": row.get("provider") or None,
		"provider_message_id": row.get("provider_message_id") or None,
		"provider_thread_id": row.get("provider_thread_id") or None,
		"owner": row.get("owner"),
		"modified": _stamp(row.get("modified")),
	}
	if with_content:
		answer["html"] = html
	return answer


def _stamp(value: Any) -> str | None:
	if value is None or value == "":
		return None
	return str(value)
