"""Fixed-window rate limiting: the arithmetic and the headers, with no storage of its own.

A window of `seconds` starts at a multiple of `seconds` since the epoch, so every worker counting
in the same store (Redis) agrees on it. The caller increments a counter keyed by the window start
and asks `decide` what to answer.
"""

import base64
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
	allowed: bool
	limit: int
	remaining: int
	reset_at: int  # epoch seconds when the window ends
	retry_after: int  # seconds until a refused client may try again; 0 when allowed

	def headers(self) -> dict[str, str]:
		headers = {
			"X-RateLimit-Limit": str(self.limit),
			"X-RateLimit-Remaining": str(self.remaining),
			"X-RateLimit-Reset": str(self.reset_at),
		}
		if not self.allowed:
			headers["Retry-After"] = str(self.retry_after)
		return headers


def window_start(now: float, seconds: int) -> int:
	if seconds < 1:
		raise ValueError("a window lasts at least one second")
	return int(now) - int(now) % seconds


def decide(count: int, limit: int, now: float, seconds: int) -> Decision:
	"""The answer to the `count`-th request (1-based) in the window holding `now`."""
	reset_at = window_start(now, seconds) + seconds
	allowed = count <= limit
	return Decision(
		allowed=allowed,
		limit=limit,
		remaining=max(limit - count, 0),
		reset_at=reset_at,
		retry_after=0 if allowed else max(reset_at - int(now), 1),
	)


def tightest(decisions: list[Decision]) -> Decision:
	"""The decision a client should see: a refusal (the longest wait) before any allowance, else
	the allowance with the fewest requests left."""
	refused = [d for d in decisions if not d.allowed]
	if refused:
		return max(refused, key=lambda d: (d.retry_after, -d.remaining))
	return min(decisions, key=lambda d: (d.remaining, d.reset_at))


def credential_key(authorization: str | None, session_id: str | None) -> str:
	"""Who a per-key limit counts: the API key of `token key:secret` (or Basic key:secret), a digest
	of an OAuth bearer token, or of the session id. The secret never enters a counter's name."""
	scheme, _, value = (authorization or "").strip().partition(" ")
	scheme, value = scheme.lower(), value.strip()
	if scheme == "token" and ":" in value:
		return "key:" + value.split(":", 1)[0]
	if scheme == "basic" and value:
		try:
			decoded = base64.b64decode(value, validate=True).decode()
		except (ValueError, UnicodeDecodeError):
			decoded = ""
		if ":" in decoded:
			return "key:" + decoded.split(":", 1)[0]
	if scheme == "bearer" and value:
		return "bearer:" + hashlib.sha256(value.encode()).hexdigest()[:32]
	return "session:" + hashlib.sha256((session_id or "").encode()).hexdigest()[:32]
