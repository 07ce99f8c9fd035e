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
	"""Background job: attempt one delivery; answers its status afterwards.

	Every attempt is recorded, even when the record the event was about or the subscription has
	been deleted since. A job that fails for another reason (a bug, a lost database) records that
	failure as an attempt, so the delivery ends Failed after its attempts instead of being queued
	again and again, and a request that reached the receiver is never repeated for it."""
	doc = _claim(delivery)
	if isinstance(doc, str):
		return doc
	outcome = None
	try:
		outcome = _attempt(doc)
		return _save(doc)
	except Exception as error:
		frappe.db.rollback()
		frappe.log_error(title=f"CRM webhook delivery {delivery}")
		return _record_job_failure(delivery, error, outcome)


def _claim(delivery: str):
	"""The delivery, locked for this worker; or its final status, or "Deleted"."""
	if not frappe.db.exists("CRM Webhook Delivery", delivery):
		return "Deleted"  # removed (or rolled back) after the job was queued: nothing to send
	doc = frappe.get_doc("CRM Webhook Delivery", delivery, for_update=True)  # one worker per delivery
	return doc.status if doc.status in FINAL else doc


FINAL = ("Delivered", "Failed")


def _attempt(doc) -> webhooks.Outcome:
	"""Send `doc` (inline retries included) and set its status and attempts; does not save."""
	hook = _subscription(doc)
	if not hook or not hook.enabled:
		error = "Webhook disabled" if hook else "Webhook deleted"
		outcome = webhooks.Outcome([webhooks.Attempt(cint(doc.attempt_count) + 1, None, 0.0, error)])
		_apply(doc, outcome)
		return outcome
	body = (doc.payload or "{}").encode()
	secret = hook.get_password("secret", raise_exception=False) or ""
	doc.url = hook.url
	outcome = webhooks.deliver(
		hook.url,
		body,
		webhooks.request_headers(body, secret, doc.event, doc.name),
		policy_of(hook),
		timeout=min(max(cint(hook.timeout) or 10, 1), 60),
		attempts_made=cint(doc.attempt_count),
		max_wait=INLINE_WAIT,
	)
	_apply(doc, outcome)
	return outcome


def _subscription(doc):
	"""The delivery's CRM Webhook, or None when it was deleted since."""
	return (
		frappe.get_doc("CRM Webhook", doc.webhook) if frappe.db.exists("CRM Webhook", doc.webhook) else None
	)


def _apply(doc, outcome: webhooks.Outcome) -> None:
	"""Put `outcome` on the delivery: its attempts, status and next attempt."""
	for attempt in outcome.attempts:
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
	doc.status = outcome.state
	doc.next_attempt_at = add_to_date(now_datetime(), seconds=outcome.retry_in) if outcome.retry_in else None
	if outcome.delivered:
		doc.delivered_at = now_datetime()


def _save(doc) -> str:
	"""Store the delivery and commit (a background job keeps its log even if a later step fails).
	Its links are history: the draft or the subscription they name may have been deleted since."""
	doc.attempt_count = len(doc.attempts)
	doc.flags.ignore_links = True
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	return doc.status


def _record_job_failure(delivery: str, error: Exception, sent: webhooks.Outcome | None) -> str:
	"""After a failed job: count it as an attempt (see `webhooks.job_failure`). A delivery whose
	request reached its receiver before the job failed is stored as Delivered, never sent again."""
	doc = _claim(delivery)
	if isinstance(doc, str):
		return doc
	if sent and sent.delivered:
		_apply(doc, sent)
		return _save(doc)
	hook = _subscription(doc)
	policy = policy_of(hook) if hook else webhooks.RetryPolicy(max_attempts=1)
	reason = f"{type(error).__name__}: {error}"
	_apply(doc, webhooks.job_failure(cint(doc.attempt_count) + 1, reason, policy))
	return _save(doc)


def policy_of(hook) -> webhooks.RetryPolicy:
	"""The subscription's retry rules, within the bounds CRM Webhook allows."""
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
