"""The user and session objects the auth and session endpoints answer."""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

HIDDEN_ROLES = frozenset({"All", "Guest", "Desk User"})


def user_info(
	row: Mapping[str, Any], roles: Iterable[str], language: str | None, time_zone: str | None
) -> dict:
	return {
		"user": row.get("name"),
		"full_name": row.get("full_name") or row.get("name"),
		"email": row.get("email"),
		"user_image": row.get("user_image") or None,
		"roles": sorted(role for role in roles if role not in HIDDEN_ROLES),
		"language": language or None,
		"time_zone": time_zone or None,
		"user_type": row.get("user_type"),
	}


def auth_method(authorization: str | None) -> str:
	"""How the request authenticated: oauth (Bearer), api_key (token/Basic), or session."""
	scheme = (authorization or "").strip().split(" ", 1)[0].lower()
	if scheme == "bearer":
		return "oauth"
	if scheme in ("token", "basic"):
		return "api_key"
	return "session"


def parse_expiry(text: str | None, default: str = "170:00:00") -> timedelta:
	"""Frappe's session expiry setting ("HH:MM:SS", hours may exceed 24) as a timedelta."""
	for candidate in (text, default):
		parts = str(candidate or "").split(":")
		if len(parts) == 3 and all(part.isdigit() for part in parts):
			hours, minutes, seconds = (int(part) for part in parts)
			return timedelta(hours=hours, minutes=minutes, seconds=seconds)
	return timedelta(hours=170)


def expires_at(last_updated: datetime | None, expiry: timedelta) -> str | None:
	if last_updated is None:
		return None
	return (last_updated + expiry).isoformat(sep=" ", timespec="seconds")
