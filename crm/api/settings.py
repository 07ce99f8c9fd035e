"""Settings & Configuration (docs/core-api.md): CRM Settings and Email Accounts."""

from typing import Any

import frappe

from crm.common.errors import client_input
from crm.core import params
from crm.settings import settings_store

Flag = bool | int | str | None


@frappe.whitelist()
@client_input
def get_settings() -> dict[str, Any]:
	"""CRM Settings for any CRM role; secrets are reported only as `<name>_set`."""
	return settings_store.read()


@frappe.whitelist(methods=["POST"])
@client_input
def update_settings(settings: dict | str | None = None, **values: Any) -> dict[str, Any]:
	"""System Manager: change settings, given as `settings` (object or JSON) or as top-level fields."""
	return settings_store.update(_settings_values(settings, values))


@frappe.whitelist(methods=["POST"])
@client_input
def create_email_account(
	email_id: str | None = None,
	email_account_name: str | None = None,
	password: str | None = None,
	login_id: str | None = None,
	enable_outgoing: Flag = None,
	enable_incoming: Flag = None,
	default_outgoing: Flag = None,
	smtp_server: str | None = None,
	smtp_port: int | str | None = None,
	use_tls: Flag = None,
	use_ssl_for_outgoing: Flag = None,
	email_server: str | None = None,
	incoming_port: int | str | None = None,
	use_imap: Flag = None,
	use_ssl: Flag = None,
) -> dict[str, Any]:
	"""System Manager: create a Frappe Email Account (outgoing and/or incoming)."""
	return settings_store.create_email_account(
		{
			"email_id": email_id,
			"email_account_name": email_account_name,
			"password": password,
			"login_id": login_id,
			"enable_outgoing": enable_outgoing,
			"enable_incoming": enable_incoming,
			"default_outgoing": default_outgoing,
			"smtp_server": smtp_server,
			"smtp_port": smtp_port,
			"use_tls": use_tls,
			"use_ssl_for_outgoing": use_ssl_for_outgoing,
			"email_server": email_server,
			"incoming_port": incoming_port,
			"use_imap": use_imap,
			"use_ssl": use_ssl,
		}
	)


def _settings_values(settings: dict | str | None, values: dict[str, Any]) -> dict[str, Any]:
	merged = params.json_object(settings, "settings")
	merged.update({key: value for key, value in values.items() if key not in ("cmd", "csrf_token")})
	return merged
