"""The start of a `crm.api.*` call: which method it calls, and the Redis commands it sends first,
in one round trip.

Such a call reads the caller's language (crm/common/auth.py), CRM Settings for its rate limits
(crm/common/app_settings.py) and, for a task list, the caller's task tokens
(crm/common/task_versions.py), and it counts itself against the rate limits
(crm/common/ratelimit.py): four round trips to Redis, each a tenth of a millisecond or more on a
busy server (docs/benchmarks.md). Each of those modules names its commands under the app's
`crm_call_start` hook, and `send_for_call`, an auth hook that runs before the hooks that use them,
sends them all in one pipeline; each module then takes its own answer (`answer`).

Outside such a call (jobs, tests, the console, a guest's call), or when Redis failed to answer,
nothing was sent ahead: each module sends its own command, as it always did.
"""

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import frappe
import redis

from crm.core.memo import MISSING
from crm.core.routes import api_method, is_app_api


def called_app_method() -> str | None:
	"""The `crm.api` method this request calls, if it calls one."""
	request = getattr(frappe.local, "request", None)
	method = api_method(request.path if request else None) or frappe.form_dict.get("cmd")
	return method if is_app_api(method) else None


def as_sent(value: Any) -> Any:
	return value


def unpickled(value: bytes | None) -> Any:
	"""A value as Frappe's cache stores it (`frappe.cache.set_value` and `hset` pickle it)."""
	return None if value is None else pickle.loads(value)


@dataclass(frozen=True)
class Command:
	"""One Redis command: `method` of a redis-py pipeline with `args`. Its answer, read by
	`decode`, is kept under `slot`; a command without one (an `expire`) keeps none."""

	method: str
	args: tuple
	slot: str | None = None
	decode: Callable[[Any], Any] = as_sent


def send_for_call() -> None:
	"""An `auth_hooks` entry: a signed-in call of `crm.api.*` sends every module's first
	commands (the `crm_call_start` hook) in one round trip."""
	if called_app_method() and frappe.session.user != "Guest":
		send([command for path in frappe.get_hooks("crm_call_start") for command in frappe.get_attr(path)()])


def send(commands: list[Command]) -> None:
	"""Send `commands` in one pipeline and keep their answers for this request. When Redis fails,
	none is kept: each module then sends its own, and meets the failure as it did before."""
	request = getattr(frappe.local, "request", None)
	try:
		answers = execute(commands)
	except redis.exceptions.RedisError:
		return
	pairs = zip(commands, answers, strict=True)
	kept = {command.slot: one for command, one in pairs if command.slot and one is not None}
	frappe.local.crm_call_start = (request, kept) if request is not None else None


def execute(commands: list[Command]) -> list[Any]:
	"""The answers to `commands`, sent in one pipeline, each read by its `decode`."""
	pipe = frappe.cache.pipeline(transaction=False)
	for command in commands:
		getattr(pipe, command.method)(*command.args)
	return [command.decode(one) for command, one in zip(commands, pipe.execute(), strict=True)]


def answer(slot: str) -> Any:
	"""The answer to the command kept under `slot` in this request, or MISSING when none was sent
	ahead or Redis held nothing for it: the module then reads for itself (a request's answers are
	never another request's)."""
	sent = getattr(frappe.local, "crm_call_start", None)
	if not sent or sent[0] is not getattr(frappe.local, "request", None):
		return MISSING  # also outside a request: `send` keeps nothing there
	return sent[1].get(slot, MISSING)
