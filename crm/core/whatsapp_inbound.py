"""What the WhatsApp Cloud API sends to the app's webhook.

Meta signs each POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed with
the app secret>` (checked with `webhooks.verify_signature`, a constant-time compare). The body is

	{"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
		"metadata": {"display_phone_number", "phone_number_id"},
		"contacts": [{"profile": {"name"}, "wa_id"}],
		"messages": [{"from", "id", "timestamp", "type", "text": {"body"}, ...}],
		"statuses": [{"id", "status", "timestamp", "recipient_id", "errors": [...]}]}}]}]}

`parse` turns it into incoming messages and status updates, skipping what belongs to another phone
number of the same app; `next_status` says whether an update moves a stored message forward, so a
replayed or late delivery never moves it back or changes it twice.
"""

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from crm.core import params, phones

STATUSES = {"sent": "Sent", "delivered": "Delivered", "read": "Read", "failed": "Failed"}
_RANK = {"Queued": 0, "Sent": 1, "Delivered": 2, "Read": 3}
MAX_BODY = 4096


@dataclass(frozen=True)
class Incoming:
	message_id: str
	from_number: str
	to_number: str | None
	message_type: str
	body: str
	timestamp: int | None
	profile_name: str | None = None
	media_id: str | None = None
	media_mime_type: str | None = None
	reply_to: str | None = None


@dataclass(frozen=True)
class StatusUpdate:
	message_id: str
	status: str  # a value of STATUSES
	timestamp: int | None
	recipient: str | None = None
	error_code: str | None = None
	reason: str | None = None


@dataclass
class Batch:
	messages: list[Incoming] = field(default_factory=list)
	statuses: list[StatusUpdate] = field(default_factory=list)
	skipped: int = 0  # entries for another phone number, or without an id


def verify_challenge(query: Mapping[str, Any], verify_token: str | None) -> str | None:
	"""The `hub.challenge` to echo when `hub.mode` is subscribe and the token matches, else None."""
	mode = str(query.get("hub.mode") or "")
	token = str(query.get("hub.verify_token") or "")
	challenge = query.get("hub.challenge")
	if mode != "subscribe" or not verify_token or challenge in (None, ""):
		return None
	if not hmac.compare_digest(token.encode(), verify_token.encode()):
		return None
	return str(challenge)[:200]


def parse(payload: Mapping[str, Any], phone_number_id: str | None = None) -> Batch:
	"""Incoming messages and status updates of a webhook body (tolerant of missing parts)."""
	batch = Batch()
	for entry in _list(payload.get("entry")):
		for change in _list(entry.get("changes")):
			value = change.get("value") if isinstance(change.get("value"), Mapping) else {}
			metadata = value.get("metadata") if isinstance(value.get("metadata"), Mapping) else {}
			if phone_number_id and str(metadata.get("phone_number_id") or "") != str(phone_number_id):
				batch.skipped += len(_list(value.get("messages"))) + len(_list(value.get("statuses")))
				continue
			names = {
				str(c.get("wa_id")): c["profile"].get("name")
				for c in _list(value.get("contacts"))
				if isinstance(c.get("profile"), Mapping)
			}
			business = phones.from_wa_id(metadata.get("display_phone_number"))
			for message in _list(value.get("messages")):
				incoming = _incoming(message, business, names)
				if incoming:
					batch.messages.append(incoming)
				else:
					batch.skipped += 1
			for status in _list(value.get("statuses")):
				update = _status(status)
				if update:
					batch.statuses.append(update)
				else:
					batch.skipped += 1
	return batch


def _incoming(message: Mapping[str, Any], business: str | None, names: Mapping[str, Any]) -> Incoming | None:
	message_id, sender = message.get("id"), phones.from_wa_id(message.get("from"))
	if not message_id or not sender:
		return None
	kind = str(message.get("type") or "unknown")
	part = message.get(kind) if isinstance(message.get(kind), Mapping) else {}
	context = message.get("context") if isinstance(message.get("context"), Mapping) else {}
	return Incoming(
		message_id=str(message_id),
		from_number=sender,
		to_number=business,
		message_type=kind[:40],
		body=body_of(kind, part, message)[:MAX_BODY],
		timestamp=params.to_int(message.get("timestamp")),
		profile_name=names.get(str(message.get("from"))),
		media_id=str(part["id"]) if part.get("id") else None,
		media_mime_type=str(part["mime_type"]) if part.get("mime_type") else None,
		reply_to=str(context["id"]) if context.get("id") else None,
	)


def body_of(kind: str, part: Mapping[str, Any], message: Mapping[str, Any]) -> str:
	"""The readable text of a message of any type."""
	if kind == "text":
		return str(part.get("body") or "")
	if kind in ("image", "video", "document", "audio", "sticker"):
		return str(part.get("caption") or part.get("filename") or "")
	if kind == "location":
		place = " ".join(str(part[k]) for k in ("name", "address") if part.get(k))
		return f"{part.get('latitude')},{part.get('longitude')} {place}".strip()
	if kind == "button":
		return str(part.get("text") or "")
	if kind == "interactive":
		reply = part.get("button_reply") or part.get("list_reply") or {}
		return str(reply.get("title") or "") if isinstance(reply, Mapping) else ""
	if kind == "reaction":
		return str(part.get("emoji") or "")
	if kind == "contacts":
		people = [(c.get("name") or {}).get("formatted_name") for c in _list(message.get("contacts"))]
		return ", ".join(str(p) for p in people if p)
	errors = _list(message.get("errors"))
	return str(errors[0].get("title") or "") if errors else ""


def _status(status: Mapping[str, Any]) -> StatusUpdate | None:
	name = STATUSES.get(str(status.get("status") or "").lower())
	if not status.get("id") or not name:
		return None
	errors = _list(status.get("errors"))
	error = errors[0] if errors else {}
	details = (
		(error.get("error_data") or {}).get("details")
		if isinstance(error.get("error_data"), Mapping)
		else None
	)
	reason = " ".join(str(part) for part in (error.get("title") or error.get("message"), details) if part)
	return StatusUpdate(
		message_id=str(status["id"]),
		status=name,
		timestamp=params.to_int(status.get("timestamp")),
		recipient=phones.from_wa_id(status.get("recipient_id")),
		error_code=str(error["code"]) if error.get("code") is not None else None,
		reason=reason[:500] or None,
	)


def next_status(current: str | None, incoming: str) -> str | None:
	"""The status a message moves to on `incoming`, or None when the update changes nothing.

	Sent < Delivered < Read only move forward (late or replayed updates are ignored); Failed
	applies only to a message not yet delivered; an Incoming ("Received") message never moves."""
	if current == incoming or current not in _RANK:
		return None
	if incoming == "Failed":
		return "Failed" if _RANK[current] <= _RANK["Sent"] else None
	return incoming if _RANK.get(incoming, -1) > _RANK[current] else None


def local_time(timestamp: int | None, site_tz: str | None) -> datetime | None:
	"""A Unix timestamp as the site's naive local time, as Frappe stores datetimes."""
	if timestamp is None or timestamp < 0:
		return None
	return params.to_site_naive(datetime.fromtimestamp(timestamp, tz=timezone.utc), site_tz)


def _list(value: object) -> list[Mapping[str, Any]]:
	return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []
