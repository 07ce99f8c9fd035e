"""Counting requests in Redis (Frappe's cache, shared by every worker) and answering 429."""

import dataclasses
import time
from typing import Any

import frappe
from frappe import _

from crm.common import app_settings
from crm.common.auth import called_app_method
from crm.core import ratelimit

HEADERS_FLAG = "crm_rate_limit_headers"


def hit(name: str, identity: str, limit: int, seconds: int) -> ratelimit.Decision:
	"""Count one request of `identity` against `name`'s limit and return the decision."""
	return hit_together([Limit(name, identity, limit, seconds)], time.time())[0]


@dataclasses.dataclass(frozen=True)
class Limit:
	name: str
	identity: str
	limit: int
	seconds: int

	def key(self, now: float) -> str:
		start = ratelimit.window_start(now, self.seconds)
		return frappe.cache.make_key(f"crm:rl:{self.name}:{self.identity}:{self.seconds}:{start}")


def hit_together(limits: list[Limit], now: float) -> list[ratelimit.Decision]:
	"""Count one request at `now` against each of `limits`, in one round trip to Redis."""
	counts = _add(limits, now, 1)
	return [
		ratelimit.decide(int(count), limit.limit, now, limit.seconds)
		for count, limit in zip(counts, limits, strict=True)
	]


def uncount(limit: Limit, now: float) -> None:
	"""Take back the request counted at `now` against `limit`."""
	_add([limit], now, -1)


def _add(limits: list[Limit], now: float, amount: int) -> list[int]:
	"""Add `amount` to the counter of each of `limits` at `now`, atomically (concurrent workers
	never lose a count), each kept until its window ends; their new counts."""
	pipe = frappe.cache.pipeline(transaction=False)
	for limit in limits:
		key = limit.key(now)
		pipe.incrby(key, amount)
		pipe.expire(key, limit.seconds + 1)
	return pipe.execute()[::2]


def enforce(decision: ratelimit.Decision) -> None:
	"""Put the rate-limit headers on the answer; refuse with 429 when over the limit."""
	frappe.local.flags[HEADERS_FLAG] = decision.headers()
	if not decision.allowed:
		frappe.throw(
			_("Too many requests. Try again in {0} seconds.").format(decision.retry_after),
			frappe.RateLimitExceededError,
			title=_("Rate limit reached"),
		)


def retry_after(seconds: int) -> None:
	"""Ask the client to wait (a 429 that is not the app's own limit, e.g. WhatsApp's)."""
	frappe.local.flags[HEADERS_FLAG] = {"Retry-After": str(seconds)}


def add_rate_limit_headers(response: Any = None, request: Any = None) -> None:
	"""An `after_request` hook: the rate-limit headers of this call, when it was counted."""
	headers = frappe.local.flags.get(HEADERS_FLAG)
	if headers and response is not None:
		response.headers.update(headers)


def limit_crm_api_calls() -> None:
	"""An `auth_hooks` entry: a signed-in caller of `crm.api.*` is counted against the rate limits
	(429 when over one)."""
	if called_app_method() and frappe.session.user != "Guest":
		limit_api_call()


def limit_api_call() -> None:
	"""The rate limits (README, Configuration) on a signed-in `crm.api.*` call: `requests_per_minute_per_key` per
	credential (API key, OAuth token or session) and `requests_per_hour_per_user` per user, from
	CRM Settings. A call refused by the minute limit does not count against the hour."""
	if not int(app_settings.get("rate_limits_enabled") or 0):
		return
	credential = ratelimit.credential_key(frappe.get_request_header("Authorization"), frappe.session.sid)
	per_key = Limit("key", credential, int(app_settings.get("requests_per_minute_per_key")), 60)
	per_user = Limit("user", frappe.session.user, int(app_settings.get("requests_per_hour_per_user")), 3600)
	now = time.time()
	key_decision, user_decision = hit_together([per_key, per_user], now)
	if not key_decision.allowed:
		uncount(per_user, now)
		enforce(key_decision)
	enforce(ratelimit.tightest([key_decision, user_decision]))
