"""A token call writes its caller's last activity at most every ten minutes, as a session does.

Frappe keeps `User.last_active` and the `Sessions` row current from `Session.update`, which runs
after every request and writes only when the last write is over ten minutes old ("database
persistence is secondary, don't update it too often"). A call authenticated by an API key or an
OAuth bearer token runs in the shared Guest session, and where the running Frappe reads the time
of the last write from the session's data (Frappe 16), that session never has one: every such
call updates `tabSessions` and `tabUser` and commits, one write transaction per API call, on the
caller's own User row (which also drops the cached User document). Frappe 15 reads the time from
Redis (`last_db_session_update`), so its token calls are throttled already.

`throttle_token_call_writes` gives the app's token calls that same throttle, per caller: the
first call in each ten minutes lets Frappe write as before; the others find the session written.
Active only where Frappe would write on every token call (`needed`) and only for `crm.api.*`
calls. Remove this module once every supported Frappe throttles token calls itself.
"""

import functools
import time

import frappe
from frappe.sessions import Session

from crm.common.call_start import called_app_method

# Frappe's own interval between two writes of a session (`Session.update`).
WRITE_EVERY_SECONDS = 600
# How long this process takes a write another process claimed as still recent, without asking.
ASK_AGAIN_SECONDS = 60
CLAIM_KEY = "crm:last-active:"  # + the user: a claimed write, in Redis

# (site, user) → until when this worker process knows the user's activity was written recently.
_written_until: dict[tuple[str, str], float] = {}


@functools.cache
def needed() -> bool:
	"""True where Frappe's `Session.update` does not keep the time of its last write in Redis,
	so a token call (whose Guest session carries no such time) would write on every call."""
	return "last_db_session_update" not in Session.update.__code__.co_consts


def throttle_token_call_writes() -> None:
	"""An `auth_hooks` entry: a token call to `crm.api.*` whose caller's activity was written in
	the last ten minutes tells Frappe its session was just written, so it writes nothing."""
	session = getattr(frappe.local, "session_obj", None)
	if not is_unwritten_token_session(session) or not needed() or not called_app_method():
		return
	if not claim_write(frappe.session.user):
		session.data.data.last_updated = frappe.utils.now()


def is_unwritten_token_session(session: Session | None) -> bool:
	"""True for the shared Guest session of a signed-in caller, with no time of a last write."""
	return (
		session is not None
		and session.sid == "Guest"
		and frappe.session.user not in ("", "Guest")
		and not session.data.data.get("last_updated")
	)


def claim_write(user: str) -> bool:
	"""True for the first of `user`'s token calls in each ten minutes, site-wide (Redis SET NX):
	that call lets Frappe write the user's last activity. A process that claimed the write, or
	found it claimed, asks Redis again only when its claim ends, or after ASK_AGAIN_SECONDS."""
	now, known = time.monotonic(), (frappe.local.site, user)
	if _written_until.get(known, 0) > now:
		return False
	key = frappe.cache.make_key(CLAIM_KEY + user)
	claimed = bool(frappe.cache.set(key, 1, ex=WRITE_EVERY_SECONDS, nx=True))
	_written_until[known] = now + (WRITE_EVERY_SECONDS if claimed else ASK_AGAIN_SECONDS)
	return claimed


def forget() -> None:
	"""Every claimed write, in Redis and in this process, as if no call had written for ten
	minutes (tests)."""
	frappe.cache.delete_keys(CLAIM_KEY)
	_written_until.clear()
