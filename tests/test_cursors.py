"""Keyset cursors (opaque, tamper-proof, bound to their list) and the delta-sync window."""

import base64
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.core import cursors
from crm.core.errors import InvalidParam

SECRET = b"site-secret"
SCOPE = cursors.fingerprint(status=["Todo"], order=("modified", "desc"))
POSITION = cursors.Position("modified", "desc", "2026-11-23 10:15:02.114365", 4711, SCOPE)


def test_round_trip_and_opaque():
	token = cursors.encode(POSITION, SECRET)
	assert cursors.decode(token, SECRET, SCOPE) == POSITION
	assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")  # URL-safe
	assert "modified" not in token and "4711" not in token


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=255))
def test_any_altered_byte_is_refused(index, flip):
	raw = bytearray(base64.urlsafe_b64decode(cursors.encode(POSITION, SECRET) + "=="))
	raw[index % len(raw)] ^= flip
	token = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
	with pytest.raises(InvalidParam) as caught:
		cursors.decode(token, SECRET, SCOPE)
	assert caught.value.field == "cursor"


def test_a_forged_position_is_refused():
	forged = cursors.encode(cursors.Position("modified", "desc", "2030-01-01", 1, SCOPE), b"guessed-secret")
	with pytest.raises(InvalidParam):
		cursors.decode(forged, SECRET, SCOPE)


def test_a_cursor_only_serves_its_own_list():
	other = cursors.fingerprint(status=["Done"], order=("modified", "desc"))
	with pytest.raises(InvalidParam) as caught:
		cursors.decode(cursors.encode(POSITION, SECRET), SECRET, other)
	assert "another list" in caught.value.render()


@pytest.mark.parametrize("junk", ["", "x", "!!!!", "a" * 601, None, 12, ["x"], "eyJ9"])
def test_junk_is_refused(junk):
	with pytest.raises(InvalidParam):
		cursors.decode(junk, SECRET, SCOPE)


def test_keyset_orders():
	assert cursors.keyset_order([("modified", "desc")]) == ("modified", "desc")
	assert cursors.keyset_order([("modified", "ASC"), ("name", "asc")]) == ("modified", "asc")
	assert cursors.keyset_order([("name", "asc")]) == ("name", "asc")
	assert cursors.keyset_order([("due_date", "asc")]) is None  # nullable: no keyset
	assert cursors.keyset_order([("priority", "desc"), ("modified", "desc")]) is None


def test_after_a_position_ties_are_the_only_rows_dropped():
	filters, fresh = cursors.after(POSITION)
	assert filters == [["modified", "<=", POSITION.value]]
	assert fresh({"modified": "2026-11-23 10:15:01", "name": 9999})
	assert fresh({"modified": POSITION.value, "name": 4710})  # tied, after in (modified desc, name desc)
	assert not fresh({"modified": POSITION.value, "name": 4711})
	assert not fresh({"modified": POSITION.value, "name": 4800})
	by_name = cursors.Position("name", "asc", "4711", 4711, SCOPE)
	assert cursors.after(by_name)[0] == [["name", ">", 4711]]


def test_strictly_after_excludes_the_tied_rows_in_the_database():
	either = cursors.strictly_after(POSITION)
	assert either == [["modified", "<", POSITION.value], ["name", "<", 4711]]
	rising = cursors.Position("modified", "asc", POSITION.value, 4711, SCOPE)
	assert cursors.strictly_after(rising) == [["modified", ">", POSITION.value], ["name", ">", 4711]]
	assert cursors.strictly_after(cursors.Position("name", "asc", "4711", 4711, SCOPE)) == []


def test_digit_classes_cover_exactly_the_ids_after_a_position():
	down = cursors.Position("name", "desc", "135", 135, SCOPE)
	assert cursors.digit_classes(down, 4) == [
		[["name", "like", "___"], ["name", "<", "135"]],
		[["name", "like", "__"]],
		[["name", "like", "_"]],
	]
	up = cursors.Position("name", "asc", "99", 99, SCOPE)
	assert cursors.digit_classes(up, 4) == [
		[["name", "like", "__"], ["name", ">", "99"]],
		[["name", "like", "___"]],
		[["name", "like", "____"]],
	]


@given(st.integers(1, 10**7), st.integers(1, 10**7), st.sampled_from(["asc", "desc"]))
def test_digit_classes_match_number_order_under_text_comparison(last, other, direction):
	"""What a database comparing ids as text keeps equals the ids after `last` in number order."""
	position = cursors.Position("name", direction, str(last), last, SCOPE)
	text = str(other)

	def keeps(bound) -> bool:
		for _field, operator, value in bound:
			if operator == "like" and len(text) != len(value):
				return False
			if operator in "<>" and not (text < value if operator == "<" else text > value):
				return False
		return True

	kept = any(keeps(bound) for bound in cursors.digit_classes(position, len(str(10**7))))
	assert kept == (other < last if direction == "desc" else other > last)


NOW = datetime(2026, 11, 23, 12, 0, 0)


def test_first_sync_is_full_and_the_next_since_overlaps():
	assert cursors.sync_window(None, NOW) == (None, NOW - cursors.SYNC_OVERLAP)


def test_a_week_offline_catches_up_from_its_since():
	week_ago = NOW - timedelta(days=7)
	assert cursors.sync_window(week_ago, NOW) == (week_ago, NOW - timedelta(seconds=5))


def test_a_future_since_skips_nothing():
	lower, _next = cursors.sync_window(NOW + timedelta(hours=3), NOW)
	assert lower == NOW - cursors.SYNC_OVERLAP


def test_too_old_since_asks_for_a_reload():
	with pytest.raises(InvalidParam) as caught:
		cursors.sync_window(NOW - timedelta(days=cursors.MAX_SYNC_DAYS + 1), NOW)
	assert "reload" in caught.value.render()


@given(st.datetimes(min_value=datetime(2026, 9, 1), max_value=datetime(2026, 12, 31)))
def test_consecutive_syncs_leave_no_gap(since):
	"""The next sync starts before this one read the database: every change is sent at least once."""
	lower, next_since = cursors.sync_window(since, NOW)
	assert lower is not None and lower <= NOW
	assert next_since < NOW
	assert next_since >= NOW - cursors.SYNC_OVERLAP
