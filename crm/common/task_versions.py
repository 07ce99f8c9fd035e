"""Task versions: a token per caller in the site cache that changes whenever a task they may see
changes, so a value computed from their tasks (a list's total, crm/mobile/task_reads.py) can be
kept while the token stands. docs/mobile-api.md says what this means for `total`.

A Sales User's token changes with each task they own or are assigned, before and after the change
(CRM Task's permission rule); a caller who sees every task follows the site's token, which changes
with every task; a task shared in Desk also changes the tokens of the users it is shared with. A
share or a User Permission changes its user's token. Each token changes when
the change is made and again when its transaction ends (commit or rollback), so a value computed
while the change was uncommitted is never used afterwards; a value is computed for keeping only in
a read view opened after its token was read. A token the cache no longer holds is made anew, so a
cleared cache never brings an old value back.

A value kept under a token is the same for as long as the token stands, so in an HTTP request a
worker also keeps it in its own memory (`_KEPT_HERE`), for no longer than the site cache keeps it:
a request then asks Redis only for the caller's token, not for each value it reuses (a seller's
list reused two, each a round trip).
"""

import secrets
from collections.abc import Callable
from typing import Any

import frappe

from crm.common import read_hints
from crm.common.call_start import Command, answer
from crm.core.memo import MISSING, ExpiringMemo
from crm.core.roles import sees_every_task

EVERY_TASK = "*"  # the site's token, followed by callers who see every task
_FRESH_VIEW = "fresh read view"  # in the request memo: the read view was opened after its tokens
_KEPT_HERE = ExpiringMemo(maxsize=4096, seconds=read_hints.KEPT_SECONDS)


def kept(name: str, compute: Callable[[], Any], *key: object) -> Any:
	"""`compute()` for the caller, kept under `name`, `key` and their version while it stands; an
	HTTP request that asks again (the three lists of the buckets each ask for the caller's parts)
	finds it in the request's memo."""
	version = caller_version()
	memo, memo_key = _request_memo(), read_hints.cache_key(name, (version, *key))
	if memo_key not in memo:
		memo[memo_key] = _kept_or_computed(name, compute, version, key, _worker_key(memo_key))
	return memo[memo_key]


def _kept_or_computed(
	name: str, compute: Callable[[], Any], version: str, key: tuple, here: tuple | None
) -> Any:
	value = _kept(name, version, key, here)
	if value is not None:
		return value
	keepable = _fresh_read_view()
	value = compute()
	if keepable:
		read_hints.keep(value, name, version, *key)
		_keep_here(here, value)
	return value


def _kept(name: str, version: str, key: tuple, here: tuple | None) -> Any:
	"""The value this worker keeps under `here`, else the site cache's (then kept here too); None
	if neither has one."""
	value = _KEPT_HERE.get(here) if here else MISSING
	if value is MISSING:
		value = read_hints.kept(name, version, *key)
		if value is not None:
			_keep_here(here, value)
	return value


def _keep_here(here: tuple | None, value: Any) -> None:
	if here:
		_KEPT_HERE.put(here, value)


def _worker_key(memo_key: str) -> tuple | None:
	"""Where this worker keeps the value of `memo_key`: only in an HTTP request (tests, jobs and
	the console read the site cache, which `read_hints.forget` empties)."""
	if getattr(frappe.local, "request", None) is None:
		return None
	return (frappe.local.site, memo_key)


def _fresh_read_view() -> bool:
	"""Let the next statement see every change committed so far; False when this transaction has
	written (what it computes is then not kept). MariaDB's repeatable read keeps the view the
	request's first statement opened, which may predate a change whose new token the caller has
	just read: a value computed in it would be kept under a token it does not reflect."""
	if frappe.db.transaction_writes:
		return False
	memo = _request_memo()
	if not memo.get(_FRESH_VIEW):  # in a request, once: its tokens are read once
		frappe.db.rollback()  # nothing written: only the read view ends
		memo[_FRESH_VIEW] = True
	return True


def caller_version() -> str:
	"""The token of the tasks the caller sees: the site's for a caller who sees every task."""
	user = frappe.session.user
	return token(EVERY_TASK if sees_every_task(user, frappe.get_roles(user)) else user)


def token(party: str) -> str:
	"""The current token of `party` (a user, or EVERY_TASK), read once per HTTP request."""
	memo = _request_memo()
	if party not in memo:
		memo.pop(_FRESH_VIEW, None)  # a view opened before this read is not fresh for it
		current = _current(party)  # from Redis itself: another process may renew it
		memo[party] = current.decode() if current else _renew(party)
	return memo[party]


def _current(party: str) -> bytes | None:
	"""The token Redis holds for `party`: as this `crm.api` call started (`call_start_commands`),
	else now."""
	sent = answer(_slot(party))
	return frappe.cache.get(_key(party)) if sent is MISSING else sent


def call_start_commands() -> list[Command]:
	"""The `crm_call_start` commands of this module (crm/common/call_start.py): the caller's
	token and the site's (a caller who sees every task follows it)."""
	return [Command("get", (_key(party),), _slot(party)) for party in (frappe.session.user, EVERY_TASK)]


def _slot(party: str) -> str:
	return f"task-version:{party}"


def task_changed(doc, method: str | None = None) -> None:
	"""CRM Task `on_change` / `on_trash`: every party before and after the change, and the users
	it is shared with in Desk (everyone's, when it is shared with everyone)."""
	before = doc.get_doc_before_save() if method == "on_change" else None
	parties = {doc.owner, doc.get("assigned_to")}
	if before:
		parties |= {before.owner, before.get("assigned_to")}
	shares = frappe.get_all(
		"DocShare",
		filters={"share_doctype": doc.doctype, "share_name": str(doc.name)},
		fields=["user", "everyone"],
	)
	if any(share.everyone for share in shares):
		renew_every_version()
	renew_for({*parties, *(share.user for share in shares)} - {None, ""})


def user_changed(doc, method: str | None = None) -> None:
	"""DocShare / User Permission `on_change` / `on_trash`: what its user (or everyone, for a share
	with everyone) may see has changed."""
	if doc.get("everyone"):
		renew_every_version()
	if doc.get("user"):
		renew_for({doc.user})  # the site's too: a User Permission also narrows a manager's lists


def renew_for(users: set[str]) -> None:
	"""New tokens for `users` and the site's, now and again when the transaction ends."""
	parties = {*users, EVERY_TASK}
	_renew_all(parties)
	for transaction_end in (frappe.db.after_commit, frappe.db.after_rollback):
		transaction_end.add(lambda: _renew_all(parties))


def _renew_all(parties: set[str]) -> None:
	for party in parties:
		_renew(party)


def _renew(party: str) -> str:
	fresh = _request_memo()[party] = secrets.token_hex(8)
	frappe.cache.set(_key(party), fresh)
	return fresh


def _request_memo() -> dict:
	"""The tokens this HTTP request has read or renewed, and the values it found under them;
	outside a request (jobs, tests, the console), a fresh dict each time, so every read goes to
	Redis."""
	if getattr(frappe.local, "request", None) is None:
		return {}
	if getattr(frappe.local, "crm_task_versions", None) is None:
		frappe.local.crm_task_versions = {}
	return frappe.local.crm_task_versions


def _key(party: str) -> str:
	return frappe.cache.make_key(f"crm:task-version:{party}")


def renew_every_version() -> None:
	"""After tasks were written around their documents' hooks (bulk seeding, raw test fixtures):
	every caller's kept values go."""
	frappe.cache.delete_keys("crm:task-version:")
