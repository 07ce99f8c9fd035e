"""The WhatsApp webhook: Meta's subscription check, incoming messages and delivery statuses.

Nobody signs in to call it; the app secret's signature on the raw body proves the sender, so what
it stores is written without a user's permissions. Every step is idempotent: Meta retries a
delivery it thinks failed, and a replay stores nothing twice and moves no status back.
"""

import json
from typing import Any

import frappe
from frappe import _
from frappe.utils import get_system_timezone, now_datetime
from werkzeug.wrappers import Response

from crm.contacts.phones import contact_for
from crm.core import webhooks
from crm.core import whatsapp as core
from crm.core import whatsapp_inbound as parser

PENDING_SECONDS = 24 * 3600
_AT = {"Delivered": "delivered_at", "Read": "read_at", "Failed": "failed_at"}


def _settings() -> Any:
	doc = frappe.get_cached_doc("CRM Settings")
	if not doc.whatsapp_enabled:
		frappe.throw(_("WhatsApp is not enabled"), frappe.PermissionError)
	return doc


def verify_subscription(query: dict[str, Any]) -> Response:
	"""Meta's GET: echo `hub.challenge` only when `hub.verify_token` is the configured one."""
	token = _settings().get_password("whatsapp_verify_token", raise_exception=False)
	challenge = parser.verify_challenge(query, token)
	if challenge is None:
		frappe.throw(_("The webhook verify token does not match"), frappe.PermissionError)
	return Response(challenge, status=200, mimetype="text/plain")


def receive(body: bytes, signature: str | None) -> dict[str, Any]:
	"""Meta's POST: check the signature, then store messages and apply statuses."""
	doc = _settings()
	secret = doc.get_password("whatsapp_app_secret", raise_exception=False)
	if not secret:
		frappe.throw(
			_("WhatsApp is not configured: set the App Secret in CRM Settings"), frappe.PermissionError
		)
	if not signature:
		frappe.throw(_("The X-Hub-Signature-256 header is missing"), frappe.AuthenticationError)
	if not webhooks.verify_signature(body, secret, signature):
		frappe.throw(_("The X-Hub-Signature-256 signature does not match the body"), frappe.PermissionError)
	try:
		payload = json.loads(body)
	except ValueError:
		payload = None
	if not isinstance(payload, dict):
		frappe.throw(_("The webhook body must be a JSON object"))
	batch = parser.parse(payload, doc.whatsapp_phone_number_id)
	stored = sum(store_incoming(message) for message in batch.messages)
	applied = sum(apply_status(update) for update in batch.statuses)
	return {
		"ok": True,
		"messages": stored,
		"statuses": applied,
		"ignored": batch.skipped + len(batch.messages) - stored + len(batch.statuses) - applied,
	}


def store_incoming(message: parser.Incoming) -> int:
	"""1 when stored; 0 when this provider id is already stored (a replay)."""
	if frappe.db.exists(core.DOCTYPE, {"provider_message_id": message.message_id}):
		return 0
	reference = _conversation_reference(message)
	doc = frappe.get_doc(
		{
			"doctype": core.DOCTYPE,
			"direction": "Incoming",
			"status": "Received",
			"message_type": message.message_type,
			"from_number": message.from_number,
			"to_number": message.to_number,
			"profile_name": message.profile_name,
			"body": message.body,
			"media_id": message.media_id,
			"media_mime_type": message.media_mime_type,
			"reply_to": message.reply_to,
			"contact": contact_for(message.from_number),
			"reference_doctype": reference[0] if reference else None,
			"reference_name": reference[1] if reference else None,
			"provider_message_id": message.message_id,
			"message_time": _time(message.timestamp),
		}
	)
	frappe.db.savepoint("crm_whatsapp_incoming")
	try:
		doc.insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:  # the same delivery, processed by another worker just now
		frappe.db.rollback(save_point="crm_whatsapp_incoming")
		return 0
	return 1


def _conversation_reference(message: parser.Incoming) -> tuple[str, str] | None:
	"""The record of the conversation: that of the message it replies to, else of the latest
	message the business sent to this number."""
	filters = (
		{"provider_message_id": message.reply_to}
		if message.reply_to
		else {"direction": "Outgoing", "to_number": message.from_number}
	)
	rows = frappe.get_all(
		core.DOCTYPE,
		filters={**filters, "reference_name": ("is", "set")},
		fields=["reference_doctype", "reference_name"],
		order_by="creation desc",
		limit=1,
	)
	return (rows[0].reference_doctype, rows[0].reference_name) if rows else None


def apply_status(update: parser.StatusUpdate) -> int:
	"""1 when the update moved a stored message forward. An update for an id not stored yet (the
	send that made it has not committed) is kept for a day and applied when the id arrives."""
	moved = _apply(update)
	if moved is not None:
		return int(moved)
	key = _pending_key(update.message_id)
	pending = frappe.cache.get_value(key) or []
	if update.__dict__ not in pending:
		frappe.cache.set_value(key, [*pending, update.__dict__], expires_in_sec=PENDING_SECONDS)
	return 1 if _apply(update) else 0  # a locking read sees a send that committed meanwhile


def apply_pending(message_id: str) -> None:
	"""Apply statuses that arrived before `message_id` was stored (called after the send commits)."""
	key = _pending_key(message_id)
	pending = frappe.cache.get_value(key) or []
	for values in pending:
		_apply(parser.StatusUpdate(**values))
	if pending:
		frappe.cache.delete_value(key)
		frappe.db.commit()


def _apply(update: parser.StatusUpdate) -> bool | None:
	"""True when the stored message moved forward, False when it stays, None when it is not stored."""
	row = frappe.db.get_value(
		core.DOCTYPE,
		{"provider_message_id": update.message_id},
		["name", "status"],
		as_dict=True,
		for_update=True,  # two updates of one message in parallel never move it back
	)
	if not row:
		return None
	status = parser.next_status(row.status, update.status)
	if not status:
		return False
	values = {"status": status, _AT.get(status, "message_time"): _time(update.timestamp)}
	if status == "Sent":
		values.pop("message_time")  # the send time is the app's own
	if status == "Failed":
		values["failure_reason"] = update.reason or _("WhatsApp reported the message as not delivered")
		values["error_code"] = update.error_code
	frappe.db.set_value(core.DOCTYPE, row.name, values)
	return True


def _pending_key(message_id: str) -> str:
	return f"crm:whatsapp:pending:{message_id}"


def _time(timestamp: int | None) -> Any:
	return parser.local_time(timestamp, get_system_timezone()) or now_datetime()
