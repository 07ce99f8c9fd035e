"""`create_email_account` input: an outgoing (SMTP) and/or incoming (IMAP/POP3) mailbox."""

from collections.abc import Mapping
from typing import Any

from crm.core import params
from crm.core.email_drafts import single_address
from crm.core.errors import InvalidParam
from crm.core.i18n import _

ACCEPTED = (
	"email_id",
	"email_account_name",
	"password",
	"login_id",
	"enable_outgoing",
	"enable_incoming",
	"default_outgoing",
	"smtp_server",
	"smtp_port",
	"use_tls",
	"use_ssl_for_outgoing",
	"email_server",
	"incoming_port",
	"use_imap",
	"use_ssl",
)


def flag(value: object, field: str, default: bool) -> int:
	return int(params.boolean(value, field, default=default))


def port(value: object, field: str) -> int | None:
	if params.is_blank(value):
		return None
	number = params.to_int(value)
	if number is None or not 1 <= number <= 65535:
		raise InvalidParam(field, field, _("{label} must be a port number from 1 to 65535"))
	return number


def clean_email_account(values: Mapping[str, Any]) -> dict[str, Any]:
	"""Email Account fields from the request; 417 naming the first field that is wrong."""
	email_id = single_address(values.get("email_id"), "email_id", required=True)
	outgoing, incoming = _directions(values)
	fields: dict[str, Any] = {
		"email_id": email_id,
		**_sign_in(values, email_id),
		"enable_outgoing": outgoing,
		"enable_incoming": incoming,
		"default_outgoing": flag(values.get("default_outgoing"), "default_outgoing", False)
		if outgoing
		else 0,
		"service": "",
		**(_outgoing_server(values) if outgoing else {}),
		**(_incoming_server(values) if incoming else {}),
	}
	fields["no_smtp_authentication"] = 0 if fields["password"] else 1
	fields["login_id_is_different"] = 1 if fields["login_id"] else 0
	return {key: value for key, value in fields.items() if value is not None}


def _directions(values: Mapping[str, Any]) -> tuple[int, int]:
	"""Whether the account sends and whether it receives: one of them at least."""
	outgoing = flag(values.get("enable_outgoing"), "enable_outgoing", True)
	incoming = flag(values.get("enable_incoming"), "enable_incoming", False)
	if not (outgoing or incoming):
		raise InvalidParam("enable_outgoing", "enable_outgoing", _("{label} or enable_incoming must be true"))
	return outgoing, incoming


def _sign_in(values: Mapping[str, Any], email_id: str) -> dict[str, Any]:
	name = params.text(values.get("email_account_name"), "email_account_name", "email_account_name", 140)
	return {
		"email_account_name": name or email_id,
		"login_id": params.text(values.get("login_id"), "login_id", "login_id", 140),
		"password": params.text(values.get("password"), "password", "password", 500),
	}


def _outgoing_server(values: Mapping[str, Any]) -> dict[str, Any]:
	return {
		"smtp_server": params.text(
			values.get("smtp_server"), "smtp_server", "smtp_server", 140, required=True
		),
		"smtp_port": port(values.get("smtp_port"), "smtp_port") or 587,
		"use_tls": flag(values.get("use_tls"), "use_tls", True),
		"use_ssl_for_outgoing": flag(values.get("use_ssl_for_outgoing"), "use_ssl_for_outgoing", False),
	}


def _incoming_server(values: Mapping[str, Any]) -> dict[str, Any]:
	return {
		"email_server": params.text(
			values.get("email_server"), "email_server", "email_server", 140, required=True
		),
		"use_imap": flag(values.get("use_imap"), "use_imap", True),
		"use_ssl": flag(values.get("use_ssl"), "use_ssl", True),
		"incoming_port": port(values.get("incoming_port"), "incoming_port"),
	}
