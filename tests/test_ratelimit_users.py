"""Rate-limit window arithmetic and headers; user and session answer helpers."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.core import ratelimit, users


def test_window_is_aligned_so_every_worker_agrees():
	assert ratelimit.window_start(1_000_000_059.9, 60) == 1_000_000_020
	assert ratelimit.window_start(1_000_000_020, 60) == 1_000_000_020
	with pytest.raises(ValueError):
		ratelimit.window_start(10, 0)


def test_decisions_and_headers():
	now = 1_000_000_050
	first = ratelimit.decide(1, 100, now, 60)
	assert (first.allowed, first.remaining, first.reset_at) == (True, 99, 1_000_000_080)
	assert first.headers() == {
		"X-RateLimit-Limit": "100",
		"X-RateLimit-Remaining": "99",
		"X-RateLimit-Reset": "1000000080",
	}
	last = ratelimit.decide(100, 100, now, 60)
	assert last.allowed and last.remaining == 0
	over = ratelimit.decide(101, 100, now, 60)
	assert not over.allowed and over.retry_after == 30
	assert over.headers()["Retry-After"] == "30" and over.headers()["X-RateLimit-Remaining"] == "0"


@given(
	count=st.integers(min_value=1, max_value=10_000),
	limit=st.integers(min_value=1, max_value=5_000),
	now=st.floats(min_value=0, max_value=4e9, allow_nan=False),
	seconds=st.sampled_from([1, 60, 3600, 86400]),
)
def test_decision_invariants(count, limit, now, seconds):
	decision = ratelimit.decide(count, limit, now, seconds)
	assert decision.allowed == (count <= limit)
	assert 0 <= decision.remaining <= limit - 1 or (decision.remaining == 0)
	assert int(now) < decision.reset_at <= int(now) + seconds
	assert (decision.retry_after == 0) == decision.allowed
	assert decision.retry_after <= seconds


def test_user_info_hides_automatic_roles():
	info = users.user_info(
		{"name": "a@example.com", "full_name": "A B", "email": "a@example.com", "user_type": "System User"},
		["All", "Guest", "Sales User", "Desk User"],
		"ar",
		"Asia/Riyadh",
	)
	assert info == {
		"user": "a@example.com",
		"full_name": "A B",
		"email": "a@example.com",
		"user_image": None,
		"roles": ["Sales User"],
		"language": "ar",
		"time_zone": "Asia/Riyadh",
		"user_type": "System User",
	}


@pytest.mark.parametrize(
	"header,method",
	[
		(None, "session"),
		("", "session"),
		("Bearer abc", "oauth"),
		("token k:s", "api_key"),
		("Basic eHg=", "api_key"),
	],
)
def test_auth_method(header, method):
	assert users.auth_method(header) == method


def test_session_expiry():
	assert users.parse_expiry("170:00:00") == timedelta(hours=170)
	assert users.parse_expiry("06:30:15") == timedelta(hours=6, minutes=30, seconds=15)
	assert users.parse_expiry("bad") == timedelta(hours=170)
	assert users.expires_at(datetime(2026, 1, 1), timedelta(hours=1)) == "2026-01-01 01:00:00"
	assert users.expires_at(None, timedelta(hours=1)) is None


def test_tightest_shows_a_refusal_first_then_the_fewest_left():
	now = 1_000_000_050
	minute_ok = ratelimit.decide(10, 100, now, 60)
	hour_ok = ratelimit.decide(995, 1000, now, 3600)
	assert ratelimit.tightest([minute_ok, hour_ok]) is hour_ok
	hour_over = ratelimit.decide(1001, 1000, now, 3600)
	minute_over = ratelimit.decide(101, 100, now, 60)
	assert ratelimit.tightest([minute_ok, hour_over]) is hour_over
	assert ratelimit.tightest([minute_over, hour_over]) is hour_over  # the longer wait


@given(
	counts=st.lists(
		st.tuples(st.integers(1, 5000), st.integers(1, 2000), st.sampled_from([60, 3600])),
		min_size=1,
		max_size=4,
	),
	now=st.floats(0, 4e9),
)
def test_tightest_is_refused_whenever_any_is(counts, now):
	decisions = [ratelimit.decide(count, limit, now, seconds) for count, limit, seconds in counts]
	chosen = ratelimit.tightest(decisions)
	assert chosen in decisions
	assert chosen.allowed == all(d.allowed for d in decisions)
	if chosen.allowed:
		assert chosen.remaining == min(d.remaining for d in decisions)


def test_credential_key_names_the_key_never_the_secret():
	import base64

	assert ratelimit.credential_key("token abc123:s3cret", None) == "key:abc123"
	assert ratelimit.credential_key("Token abc123:s3cret", "sid") == "key:abc123"
	basic = base64.b64encode(b"abc123:s3cret").decode()
	assert ratelimit.credential_key(f"Basic {basic}", None) == "key:abc123"
	bearer = ratelimit.credential_key("Bearer tok-1", None)
	assert bearer.startswith("bearer:") and "tok-1" not in bearer
	assert bearer != ratelimit.credential_key("Bearer tok-2", None)
	session = ratelimit.credential_key(None, "sid-1")
	assert session.startswith("session:") and "sid-1" not in session
	assert ratelimit.credential_key("Basic !!!", "sid-1") == session


@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=40)))
def test_credential_key_never_raises(header, sid):
	key = ratelimit.credential_key(header, sid)
	assert key.split(":", 1)[0] in ("key", "bearer", "session")
