"""Fixed-window rate limiting: the arithmetic and the headers, with no storage of its own.

A window of `seconds` starts at a multiple of `seconds` since the epoch, so every worker counting
in the same store (Redis) agrees on it. The caller increments a counter keyed by the window start
and asks `decide` what to answer.
"""

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
