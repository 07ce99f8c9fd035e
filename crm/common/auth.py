"""401 for unauthenticated calls to the app's API."""

import frappe
from frappe import _

from crm.common.call_start import Command, answer, called_app_method, unpickled
from crm.core.memo import MISSING


def require_login_for_crm_api() -> None:
	"""An `auth_hooks` entry: Frappe runs it after trying the session cookie, API key and OAuth
	bearer token. A guest calling a non-guest `crm.api.*` method has sent no usable credentials,
	so it gets 401 and a mobile client knows to refresh its token. Frappe would answer 403, which
	a client reads as "logged in but not allowed"."""
	method = called_app_method()
	if not method or frappe.session.user != "Guest":
		return
	try:
		function = frappe.get_attr(method)
	except Exception:
		return  # not an app endpoint after all: Frappe answers it as usual
	if function in frappe.guest_methods:
		return
	frappe.throw(unauthenticated_message(), frappe.AuthenticationError, title=_("Not Logged In"))


def answer_in_callers_language() -> None:
	"""An `auth_hooks` entry: a signed-in caller of `crm.api.*` is answered in their own language."""
	if called_app_method() and frappe.session.user != "Guest":
		use_callers_language()


def unauthenticated_message() -> str:
	"""Why a request is not authenticated: it sent credentials that did not work, or none."""
	if frappe.get_request_header("Authorization"):
		return _("Invalid or expired token")
	return _("Authentication required: send a session cookie, an API key or an OAuth bearer token.")


def use_callers_language() -> None:
	"""Answer in the caller's language. Frappe picks the language before it reads an API key or a
	bearer token, so such requests would otherwise get the site's; `_lang` still wins if sent."""
	if frappe.form_dict.get("_lang"):
		return
	frappe.local.lang = answer_language(frappe.session.user) or frappe.local.lang or "en"


LANGUAGE_CACHE = "crm:user-language"
_LANGUAGE_SLOT = "caller-language"  # its answer among the call's first commands


def answer_language(user: str) -> str:
	"""The language `user` is answered in: their own, else the site's (System Settings), kept in a
	Redis hash: `forget_user_language` drops a user's, and saving System Settings clears the site's
	cache, this hash with it (Frappe stores the settings as site defaults, whose change clears it
	all; crm/tests/test_arabic.py checks it). Frappe's get_user_lang loads the whole cached User
	document, which the write of the user's last activity drops from the cache (on Frappe 16 once
	every ten minutes, crm/common/last_active.py; it was every API-key call): a full User load
	(5 ms) each time; the site's is a cached System Settings document, read from Redis and
	unpickled once a request on Frappe 15 (0.14 ms, still paid by a call that needs the site's
	time zone). A call's own caller's was read as the call started (`call_start_commands`)."""
	sent = answer(_LANGUAGE_SLOT) if user == frappe.session.user else MISSING
	if sent is not MISSING:
		return sent
	return frappe.cache.hget(LANGUAGE_CACHE, user, generator=lambda: _language_of(user))


def _language_of(user: str) -> str:
	own = frappe.db.get_value("User", user, "language")
	return own or frappe.get_system_settings("language") or ""


def call_start_commands() -> list[Command]:
	"""The `crm_call_start` commands of this module (crm/common/call_start.py): the caller's
	language."""
	key = frappe.cache.make_key(LANGUAGE_CACHE)
	return [Command("hget", (key, frappe.session.user), _LANGUAGE_SLOT, unpickled)]


def forget_user_language(doc, method: str | None = None) -> None:
	"""User `on_update` / `on_trash`: the next request reads the language again."""
	frappe.cache.hdel(LANGUAGE_CACHE, doc.name)
