"""Counting requests in Redis (Frappe's cache, shared by every worker) and answering 429."""

import time

import frappe
from frappe import _

from crm.core import ratelimit

HEADERS_FLAG = "crm_rate_limit_headers"


def hit(name: str, identity: str, limit: int, seconds: int) -> ratelimit.Decision:
	"""Count one request of `identity` against `name`'s limit and return the decision."""
	now = time.time()
	start = ratelimit.window_start(now, seconds)
	key = frappe.cache.make_key(f"crm:rl:{name}:{identity}:{seconds}:{start}")  # namespaced per site
	count = frappe.cache.incrby(key, 1)  # atomic: concurrent workers never lose a count
	if count == 1:
		frappe.cache.expire(key, seconds + 1)
	return ratelimit.decide(int(count), limit, now, seconds)


def enforce(decision: ratelimit.Decision) -> None:
	"""Put the rate-limit headers on the answer; refuse with 429 when over the limit."""
	frappe.local.flags[HEADERS_FLAG] = decision.headers()
	if not decision.allowed:
		frappe.throw(
			_("Too many requests. Try again in {0} seconds.").format(decision.retry_after),
			frappe.RateLimitExceededError,
			title=_("Rate limit reached"),
		)


def add_headers(response) -> None:
	"""Called from the after_request hook."""
	headers = frappe.local.flags.get(HEADERS_FLAG)
	if headers and response is not None:
		response.headers.update(headers)
