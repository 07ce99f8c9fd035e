"""Counting requests in Redis (Frappe's cache, shared by every worker) and answering 429."""

import dataclasses
import functools
import time
from collections.abc import Callable, Sequence
from typing import Any

import frappe
from frappe import _

from crm.common import app_settings, call_start
from crm.common.call_start import Command, answer, called_app_method
from crm.core import ratelimit
from crm.core.memo import MISSING

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
	return _decisions(limits, _add(limits, now, 1), now)


def _decisions(limits: Sequence[Limit], counts: Sequence[int], now: float) -> list[ratelimit.Decision]:
	return [
		ratelimit.decide(count, limit.limit, now, limit.seconds)
		for count, limit in zip(counts, limits, strict=True)
	]


def uncount(limit: Limit, now: float) -> None:
	"""Take back the request counted at `now` against `limit`."""
	_add([limit], now, -1)


def _add(limits: list[Limit], now: float, amount: int) -> list[int]:
	"""Add `amount` to the counter of each of `limits` at `now`, atomically (concurrent workers
	never lose a count), each kept until its window ends; their new counts."""
	return call_start.execute([command for limit in limits for command in _counting(limit, now, amount)])[::2]


def _counting(limit: Limit, now: float, amount: int, decode: Callable[[Any], Any] = int) -> list[Command]:
	"""The commands that add `amount` to `limit`'s counter at `now` (its new count, read by
	`decode`) and keep the counter until its window ends."""
	key = limit.key(now)
	return [
		Command("incrby", (key, amount), _slot(limit), decode),
		Command("expire", (key, limit.seconds + 1)),
	]


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
	if not int(app_settings.at_call_start("rate_limits_enabled") or 0):
		return
	per_key, per_user = _call_limits(
		int(app_settings.at_call_start("requests_per_minute_per_key")),
		int(app_settings.at_call_start("requests_per_hour_per_user")),
	)
	now, counts = _counted(per_key, per_user)
	key_decision, user_decision = _decisions((per_key, per_user), counts, now)
	if not key_decision.allowed:
		uncount(per_user, now)
		enforce(key_decision)
	enforce(ratelimit.tightest([key_decision, user_decision]))


def _call_limits(per_key: int = 0, per_user: int = 0) -> tuple[Limit, Limit]:
	"""This call's two limits: of its credential per minute, of its user per hour."""
	credential = ratelimit.credential_key(frappe.get_request_header("Authorization"), frappe.session.sid)
	return Limit("key", credential, per_key, 60), Limit("user", frappe.session.user, per_user, 3600)


def _counted(*limits: Limit) -> tuple[float, list[int]]:
	"""When this call was counted against `limits`, and its counts: as it started
	(`call_start_commands`), else now."""
	sent = [answer(_slot(limit)) for limit in limits]
	if any(one is MISSING for one in sent):
		now = time.time()
		return now, _add(list(limits), now, 1)
	return sent[0][1], [count for count, _at in sent]


def call_start_commands() -> list[Command]:
	"""The `crm_call_start` commands of this module (crm/common/call_start.py): this call counted
	against both limits as it starts. It is counted whether the limits are on or not: that they
	are comes back in the same round trip (crm/common/app_settings.py `at_call_start`)."""
	now = time.time()
	with_time = functools.partial(_count_at, now)  # the decision needs the time of the count
	return [command for limit in _call_limits() for command in _counting(limit, now, 1, with_time)]


def _count_at(now: float, count: bytes | int) -> tuple[int, float]:
	return int(count), now


def _slot(limit: Limit) -> str:
	return f"rate-limit:{limit.name}"
