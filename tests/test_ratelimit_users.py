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
