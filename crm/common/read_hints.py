"""Values a reader keeps for the caller a few minutes in the site cache. Hints that make a later
read cheaper and that the reader checks before it trusts them, so a stale one can cost a statement
but never change an answer (the newest-first bound of a task list, crm/mobile/task_reads.py);
and values kept under the caller's task version, which changes with their tasks (a list's total:
crm/common/task_versions.py).

Frappe's `redis_cache` keys a call by Python's `hash()` of its arguments, which differs from one
worker process to the next (and cannot take a list): these keys are a digest of the arguments'
JSON, the same in every worker.
"""

import hashlib
import json
from typing import Any

import frappe

KEPT_SECONDS = 300


def kept(name: str, *key: object) -> Any:
	"""The value kept under `name` and `key` for the caller, or None."""
	# `expires`: it expires, so Frappe keeps no copy in the process (Frappe 15 would keep a miss
	# there and answer it even after `keep`)
	return frappe.cache.get_value(cache_key(name, key), expires=True)


def keep(value: Any, name: str, *key: object) -> None:
	frappe.cache.set_value(cache_key(name, key), value, expires_in_sec=KEPT_SECONDS)


def cache_key(name: str, key: tuple) -> str:
	"""The site-cache key of the caller's value kept under `name` and `key`."""
	digest = hashlib.sha1(json.dumps(key, default=str).encode(), usedforsecurity=False).hexdigest()
	return f"{_prefix(name)}{frappe.session.user}:{digest}"


def forget(name: str) -> None:
	"""Every caller's values kept under `name` (tests, and tooling that writes around them)."""
	frappe.cache.delete_keys(_prefix(name))


def _prefix(name: str) -> str:
	return f"crm:{name}:"
