"""Outbound webhooks: the signed request, one delivery attempt, and the retry rules.

The body is JSON; `X-CRM-Signature-256` carries `sha256=<hex>`, the HMAC-SHA256 of the exact body
bytes keyed with the subscription's secret (the scheme GitHub uses, so receivers know it). A
receiver verifies it with `verify_signature`, or in any language:

	expected = "sha256=" + hmac_sha256(secret, raw_body).hexdigest()

Retry rules: a timeout, a connection error, a 5xx or a 429 is retried after an exponentially
growing delay (a 429's `Retry-After` is honoured when it is longer); any other 4xx or a redirect is
final, because sending the same request again cannot succeed.
"""

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from crm import __version__
from crm.core.errors import InvalidParam
from crm.core.i18n import _

SIGNATURE_HEADER = "X-CRM-Signature-256"
EVENT_HEADER = "X-CRM-Event"
DELIVERY_HEADER = "X-CRM-Delivery"
USER_AGENT = f"crm-webhooks/{__version__}"
ERROR_MAX = 500


def encode_body(payload: Mapping[str, Any]) -> bytes:
	"""The canonical JSON body: compact, keys sorted, UTF-8 (Arabic stays readable)."""
	return json.dumps(
		payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
	).encode()


def sign(body: bytes, secret: str) -> str:
	digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
	return f"sha256={digest}"


def verify_signature(body: bytes, secret: str, header: str | None) -> bool:
	"""True when `header` is the signature of `body` under `secret` (constant-time compare)."""
	if not header or not secret:
		return False
	return hmac.compare_digest(sign(body, secret), header.strip())


def validate_url(url: object, field: str = "url", label: str = "URL") -> str:
	"""An absolute http(s) URL with a host, or InvalidParam."""
	text = url.strip() if isinstance(url, str) else ""
	parts = urlsplit(text)
	if parts.scheme not in ("http", "https") or not parts.hostname:
		raise InvalidParam(field, label, _("{label} must be an http:// or https:// address with a host"))
	return text


@dataclass(frozen=True)
class RetryPolicy:
	max_attempts: int = 8
	base_delay: float = 30.0  # seconds before the second attempt
	factor: float = 2.0
	max_delay: float = 6 * 3600.0

	def delay_after(self, attempt: int) -> float:
		"""Seconds to wait after failed attempt number `attempt` (1-based)."""
		return min(self.base_delay * self.factor ** max(attempt - 1, 0), self.max_delay)


@dataclass
class Attempt:
	number: int
	status_code: int | None
	duration_ms: float
	error: str | None = None
	retry_after: float | None = None

	@property
	def ok(self) -> bool:
		return self.status_code is not None and 200 <= self.status_code < 300

	@property
	def retryable(self) -> bool:
		if self.ok:
			return False
		if self.status_code is None:  # timeout or connection failure
			return True
		return self.status_code == 429 or self.status_code >= 500


@dataclass
class Outcome:
	"""Where a delivery stands after `deliver`: delivered, failed for good, or retry after `retry_in`."""

	attempts: list[Attempt] = field(default_factory=list)
	retry_in: float | None = None

	@property
	def delivered(self) -> bool:
		return bool(self.attempts) and self.attempts[-1].ok

	@property
	def state(self) -> str:
		if self.delivered:
			return "Delivered"
		return "Retrying" if self.retry_in is not None else "Failed"


def request_headers(body: bytes, secret: str, event: str, delivery_id: str) -> dict[str, str]:
	return {
		"Content-Type": "application/json; charset=utf-8",
		"User-Agent": USER_AGENT,
		EVENT_HEADER: event,
		DELIVERY_HEADER: delivery_id,
		SIGNATURE_HEADER: sign(body, secret),
	}


def post_once(
	url: str,
	body: bytes,
	headers: Mapping[str, str],
	*,
	number: int,
	timeout: float,
	session: requests.Session | None = None,
	clock: Callable[[], float] = time.perf_counter,
) -> Attempt:
	"""One POST; never raises for network trouble, it is reported in the Attempt."""
	sender = session or requests
	started = clock()
	try:
		response = sender.post(url, data=body, headers=dict(headers), timeout=timeout, allow_redirects=False)
	except requests.Timeout:
		return Attempt(number, None, _ms(clock() - started), f"Timed out after {timeout:g} s")
	except requests.RequestException as error:
		return Attempt(number, None, _ms(clock() - started), _short(f"{type(error).__name__}: {error}"))
	attempt = Attempt(number, response.status_code, _ms(clock() - started))
	if not attempt.ok:
		attempt.error = _short(f"HTTP {response.status_code}: {response.text}")
		attempt.retry_after = parse_retry_after(response.headers.get("Retry-After"))
	return attempt


def deliver(
	url: str,
	body: bytes,
	headers: Mapping[str, str],
	policy: RetryPolicy,
	*,
	timeout: float = 10.0,
	attempts_made: int = 0,
	max_wait: float = 0.0,
	sleep: Callable[[float], None] = time.sleep,
	session: requests.Session | None = None,
	on_attempt: Callable[[Attempt], None] | None = None,
) -> Outcome:
	"""Attempt delivery until it succeeds, fails for good, or the next retry is due later.

	`attempts_made` counts earlier attempts (made by earlier jobs). A retry whose delay is at most
	`max_wait` seconds is made here after `sleep`; a longer one ends the call with `retry_in` set,
	so a background job does not hold a worker through an outage: the scheduler resumes it.
	"""
	outcome = Outcome()
	number = attempts_made
	while number < policy.max_attempts:
		number += 1
		attempt = post_once(url, body, headers, number=number, timeout=timeout, session=session)
		outcome.attempts.append(attempt)
		if on_attempt:
			on_attempt(attempt)
		if not attempt.retryable or number >= policy.max_attempts:
			return outcome
		delay = max(policy.delay_after(number), attempt.retry_after or 0.0)
		if delay > max_wait:
			outcome.retry_in = delay
			return outcome
		sleep(delay)
	return outcome


def job_failure(number: int, error: str, policy: RetryPolicy) -> Outcome:
	"""The outcome of a delivery job that failed outside the request (a bug, a lost database): it
	counts as attempt `number`, so a delivery whose job keeps failing ends Failed after its
	attempts, with the reason, instead of being queued again forever."""
	attempt = Attempt(number, None, 0.0, _short(f"Delivery job failed: {error}"))
	retry_in = policy.delay_after(number) if number < policy.max_attempts else None
	return Outcome([attempt], retry_in)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
	"""Seconds from a Retry-After header (seconds or an HTTP date); None when absent or unreadable."""
	if not value:
		return None
	text = value.strip()
	if text.isdigit():
		return float(text)
	try:
		moment = parsedate_to_datetime(text)
	except (TypeError, ValueError):
		return None
	if moment is None:
		return None
	return max(moment.timestamp() - (time.time() if now is None else now), 0.0)


def _ms(seconds: float) -> float:
	return round(seconds * 1000, 1)


def _short(text: str) -> str:
	text = " ".join(text.split())
	return text if len(text) <= ERROR_MAX else text[: ERROR_MAX - 1] + "…"
