"""Delivering webhook events: one CRM Webhook Delivery per event and subscription.

`emit` runs inside the request that caused the event. It stores a delivery (the exact JSON body
included) in the same transaction and enqueues the job only after that transaction commits, so a
rolled-back draft sends nothing and a committed one is never lost: if Redis or the worker is down,
the scheduler finds the stored delivery and sends it later. `deliver` makes the attempts (short
retries inline, long ones handed to the scheduler) and logs each one on the delivery.
"""

import uuid

import frappe
from frappe.utils import add_to_date, cint, now_datetime

from crm.core import webhooks

QUEUE = "short"
INLINE_WAIT = 5.0  # a job may sleep this long for a quick retry; longer waits go to the scheduler
STALE_QUEUED_MINUTES = 2  # a Queued delivery this old lost its job (Redis down?): enqueue again
BATCH = 500


def emit(
	event: str, data: dict, reference_doctype: str | None = None, reference_name: str | None = None
) -> list[str]:
	"""Store `event` for every enabled subscription to it; the deliveries go out after commit."""
	hooks = frappe.get_all("CRM Webhook", filters={"enabled": 1, "event": event}, pluck="name")
	if not hooks:
		return []
	payload = {
		"id": str(uuid.uuid4()),
		"event": event,
		"occurred_at": now_datetime().isoformat(sep=" "),
		"site": frappe.local.site,
		"data": data,
	}
	body = webhooks.encode_body(payload).decode()
	names = []
	for hook in hooks:
		delivery = frappe.get_doc(
			{
				"doctype": "CRM Webhook Delivery",
				"webhook": hook,
				"event": event,
				"status": "Queued",
				"payload": body,
				"reference_doctype": reference_doctype,
				"reference_name": reference_name,
			}
		).insert(ignore_permissions=True)  # the system records its own outbox; no user writes it
		enqueue(delivery.name, after_commit=True)
		names.append(delivery.name)
	return names


def enqueue(delivery: str, after_commit: bool = False) -> None:
	frappe.enqueue(
		"crm.webhooks.delivery.deliver",
		queue=QUEUE,
		enqueue_after_commit=after_commit,
		job_id=job_id(delivery),
		deduplicate=True,
		delivery=delivery,
	)


def job_id(delivery: str) -> str:
	return f"crm-webhook-delivery::{delivery}"


def deliver(delivery: str) -> str:
	"""Background job: attempt one delivery; answers its status afterwards."""
	if not frappe.db.exists("CRM Webhook Delivery", delivery):
		return "Deleted"  # removed (or rolled back) after the job was queued: nothing to send
	doc = frappe.get_doc("CRM Webhook Delivery", delivery, for_update=True)  # one worker per delivery
	if doc.status in ("Delivered", "Failed"):
		return doc.status
	hook = frappe.get_doc("CRM Webhook", doc.webhook)
	if not hook.enabled:
		doc.status = "Failed"
		doc.next_attempt_at = None
		doc.append(
			"attempts",
			{
				"attempt": cint(doc.attempt_count) + 1,
				"attempted_at": now_datetime(),
				"error": "Webhook disabled",
			},
		)
		return _save(doc)
	body = (doc.payload or "{}").encode()
	secret = hook.get_password("secret", raise_exception=False) or ""
	doc.url = hook.url

	def log(attempt: webhooks.Attempt) -> None:
		doc.append(
			"attempts",
			{
				"attempt": attempt.number,
				"attempted_at": now_datetime(),
				"status_code": attempt.status_code,
				"duration_ms": attempt.duration_ms,
				"error": attempt.error,
			},
		)

	outcome = webhooks.deliver(
		hook.url,
		body,
		webhooks.request_headers(body, secret, doc.event, doc.name),
		policy_of(hook),
		timeout=min(max(cint(hook.timeout) or 10, 1), 60),
		attempts_made=cint(doc.attempt_count),
		max_wait=INLINE_WAIT,
		on_attempt=log,
	)
	doc.status = outcome.state
	doc.next_attempt_at = add_to_date(now_datetime(), seconds=outcome.retry_in) if outcome.retry_in else None
	if outcome.delivered:
		doc.delivered_at = now_datetime()
	return _save(doc)


def _save(doc) -> str:
	doc.attempt_count = len(doc.attempts)
	doc.save(ignore_permissions=True)
	frappe.db.commit()  # a background job: keep the attempt log even if a later step fails
	return doc.status


def policy_of(hook) -> webhooks.RetryPolicy:
	return webhooks.RetryPolicy(
		max_attempts=min(max(cint(hook.max_attempts) or 8, 1), 20),
		base_delay=float(min(max(cint(hook.retry_delay) or 30, 1), 3600)),
	)


def due_deliveries(limit: int = BATCH) -> list[str]:
	"""Deliveries whose retry is due, and Queued ones whose job never ran."""
	Delivery = frappe.qb.DocType("CRM Webhook Delivery")
	now = now_datetime()
	stale = add_to_date(now, minutes=-STALE_QUEUED_MINUTES)
	return (
		frappe.qb.from_(Delivery)
		.select(Delivery.name)
		.where(
			((Delivery.status == "Retrying") & (Delivery.next_attempt_at <= now))
			| ((Delivery.status == "Queued") & (Delivery.creation <= stale))
		)
		.orderby(Delivery.creation)
		.limit(limit)
		.run(pluck=True)
	)


def retry_due() -> None:
	"""Scheduler (every minute): enqueue the deliveries that are due."""
	for name in due_deliveries():
		enqueue(name)
