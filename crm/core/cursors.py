"""Keyset cursors and the delta-sync window of the mobile task lists.

A cursor is opaque to clients and tamper-proof: URL-safe base64 of a compact JSON position,
followed by an HMAC-SHA256 (truncated to 128 bits) keyed with a site secret. It records where the
previous page ended (the sort value and the task id of its last row), the order it was made for,
and a fingerprint of the filters, so it cannot be replayed against another list. The next page
reads only rows after that position, so its cost does not grow with depth, and tasks inserted
meanwhile never shift it.
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from crm.core.errors import InvalidParam
from crm.core.i18n import _

# Orders a cursor can follow: a column that is never null, with the task id breaking ties.
KEYSET_ORDERS = {("modified", "desc"), ("modified", "asc"), ("name", "desc"), ("name", "asc")}
_MAC_BYTES = 16


@dataclass(frozen=True)
class Position:
	field: str  # "modified" or "name"
	direction: str  # "asc" or "desc"
	value: str  # the sort value of the last row (text, as stored)
	name: int  # the id of the last row
	scope: str  # fingerprint of the filters


def fingerprint(**filters: Any) -> str:
	"""A short digest of the filters a cursor belongs to."""
	text = json.dumps(filters, sort_keys=True, default=str, separators=(",", ":"))
	return hashlib.sha256(text.encode()).hexdigest()[:16]


def keyset_order(terms: list[tuple[str, str]]) -> tuple[str, str] | None:
	"""The (field, direction) a cursor follows for these order terms, or None when it cannot.
	`name` as a last term is the tie-breaker every order already has."""
	main = [term for term in terms if term[0] != "name"] or terms
	if len(main) == 1 and (main[0][0], main[0][1].lower()) in KEYSET_ORDERS:
		return main[0][0], main[0][1].lower()
	return None


def encode(position: Position, secret: bytes) -> str:
	body = json.dumps(
		[position.field, position.direction, position.value, position.name, position.scope],
		separators=(",", ":"),
	).encode()
	mac = hmac.new(secret, body, hashlib.sha256).digest()[:_MAC_BYTES]
	return base64.urlsafe_b64encode(body + mac).decode().rstrip("=")


def decode(token: object, secret: bytes, scope: str) -> Position:
	"""The position in `token`, or InvalidParam when it is malformed, altered, or for other filters."""
	if not isinstance(token, str) or not 0 < len(token) <= 600:
		raise InvalidParam("cursor", "cursor", _("{label} is not a cursor this server gave"))
	try:
		raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
	except (ValueError, TypeError):
		raw = b""
	body, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
	expected = hmac.new(secret, body, hashlib.sha256).digest()[:_MAC_BYTES]
	if len(raw) <= _MAC_BYTES or not hmac.compare_digest(mac, expected):
		raise InvalidParam("cursor", "cursor", _("{label} is not a cursor this server gave"))
	field, direction, value, name, cursor_scope = json.loads(body)
	if cursor_scope != scope:
		raise InvalidParam(
			"cursor", "cursor", _("{label} belongs to another list: send the same filters and order_by")
		)
	return Position(field, direction, value, int(name), cursor_scope)


def after(position: Position) -> tuple[list[list[Any]], Any]:
	"""Filters for rows at or after `position` (ties on the sort value included), and a test that
	drops the tied rows already returned. Ties are the only rows read and not returned."""
	if position.field == "name":
		operator = "<" if position.direction == "desc" else ">"
		return [["name", operator, position.name]], lambda row: True
	operator = "<=" if position.direction == "desc" else ">="

	def fresh(row: dict) -> bool:
		if str(row["modified"]) != position.value:
			return True
		name = int(row["name"])
		return name < position.name if position.direction == "desc" else name > position.name

	return [["modified", operator, position.value]], fresh


def strictly_after(position: Position) -> list[list[Any]]:
	"""Or-filters that, together with `after`'s filters, keep exactly the rows after `position`:
	(modified <= X) and (modified < X or name < N) for `modified desc`. Lists without or-filters of
	their own use them, so no tied row is read twice."""
	if position.field == "name":
		return []
	operator = "<" if position.direction == "desc" else ">"
	return [["modified", operator, position.value], ["name", operator, position.name]]


def digit_classes(position: Position, longest: int) -> list[list[list[Any]]]:
	"""The rows after `position` of a walk by `name`, for a database that compares ids as text
	(Frappe casts `name` to text in list filters on PostgreSQL): one filter list per id length, in
	the walk's order, up to ids of `longest` digits. Ids have no leading zeros, so within one
	length text order is number order."""
	digits = len(str(position.name))
	operator = "<" if position.direction == "desc" else ">"
	same_length = [["name", "like", "_" * digits], ["name", operator, str(position.name)]]
	if position.direction == "desc":
		lengths = range(digits - 1, 0, -1)
	else:
		lengths = range(digits + 1, longest + 1)
	return [same_length, *([["name", "like", "_" * length]] for length in lengths)]


# Delta sync -------------------------------------------------------------------------------------

# A change becomes visible when its transaction commits, up to a few seconds after its `modified`
# time. The next sync therefore starts this much before the moment this one read the database; the
# overlap re-sends a few tasks, which a client applies idempotently (upsert by id).
SYNC_OVERLAP = timedelta(seconds=5)
MAX_SYNC_DAYS = 90  # older `since`: the client should reload everything


def sync_window(since: datetime | None, now: datetime) -> tuple[datetime | None, datetime]:
	"""(lower bound of changes to send, the `since` the client stores for its next sync).

	No `since` means a first, full sync. A `since` in the future is a client clock error: it is
	treated as now minus the overlap, so nothing is skipped."""
	next_since = now - SYNC_OVERLAP
	if since is None:
		return None, next_since
	if since > now:
		since = next_since
	if now - since > timedelta(days=MAX_SYNC_DAYS):
		raise InvalidParam(
			"since",
			"since",
			_("{label} is more than {days} days ago: reload all tasks instead"),
			days=MAX_SYNC_DAYS,
		)
	return since, next_since
