"""Sending WhatsApp messages: checked, logged, then sent; a failure is recorded, never lost."""

import json
from typing import Any

import frappe
from frappe import _
from frappe.utils import now_datetime

from crm.common import app_settings
from crm.common.ratelimit import retry_after
from crm.common.records import check_reference
from crm.contacts.phones import contact_for, default_region
from crm.core import params
from crm.core import whatsapp as core
from crm.whatsapp import inbound


class WhatsAppUnavailableError(frappe.ValidationError):
	"""WhatsApp refused or failed for a reason the caller cannot fix (token, account, provider)."""

	http_status_code = 502


class WhatsAppTimeoutError(frappe.ValidationError):
	http_status_code = 504


def settings() -> Any:
	"""CRM Settings with WhatsApp enabled (else 417 naming what is missing)."""
	doc = frappe.get_cached_doc("CRM Settings")
	if not doc.whatsapp_enabled:
		frappe.throw(_("WhatsApp is not enabled: a System Manager can enable it in CRM Settings"))
	return doc


def config(doc: Any) -> core.Config:
	token = doc.get_password("whatsapp_access_token", raise_exception=False)
	missing = [
		_(label)
		for label, value in (("Phone Number ID", doc.whatsapp_phone_number_id), ("Access Token", token))
		if not value
	]
	if missing:
		frappe.throw(_("WhatsApp is not configured: set {0} in CRM Settings").format(", ".join(missing)))
	return core.Config(
		access_token=token,
		phone_number_id=doc.whatsapp_phone_number_id,
		api_version=app_settings.get("whatsapp_api_version"),
		base_url=app_settings.get("whatsapp_api_base_url"),
		timeout=float(app_settings.get("whatsapp_timeout")),
	)


def send(values: dict[str, Any]) -> dict[str, Any]:
	"""Check everything, store the message as Queued and commit, then send it through the Cloud API."""
	doc_settings = settings()
	outgoing = core.parse_outgoing(values, default_region(), app_settings.get("whatsapp_template_language"))
	conf = config(doc_settings)
	reference = params.reference_pair(values, "reference_doctype", "reference_name")
	contact = _permitted_contact(reference, outgoing.to)
	doc = _queued(outgoing, doc_settings.whatsapp_phone_number, contact, reference)
	try:
		sent = core.send(conf, outgoing.payload())
	except core.GraphError as error:
		doc.db_set(core.failed_values(error) | {"failed_at": now_datetime()})
		frappe.db.commit()  # the Failed log survives the error answer's rollback
		_throw(error, doc.name)
	doc.db_set({"status": "Sent", "provider_message_id": sent.message_id})
	frappe.db.commit()
	inbound.apply_pending(sent.message_id)  # statuses WhatsApp reported before the id was stored
	return core.serialize(frappe.db.get_value(core.DOCTYPE, doc.name, list(core.FIELDS), as_dict=True))


def _permitted_contact(reference: tuple[str, str] | None, to: str) -> str | None:
	"""The Contact the message is for (its reference, else the one with that number), after checking
	the caller may read the reference, create messages and read that Contact."""
	if reference:
		check_reference(*reference)
	frappe.has_permission(core.DOCTYPE, "create", throw=True)
	contact = reference[1] if reference and reference[0] == "Contact" else contact_for(to)
	if contact and not frappe.has_permission("Contact", "read", doc=contact):
		frappe.throw(_("You do not have permission to message this contact"), frappe.PermissionError)
	return contact


def _queued(
	outgoing: core.Outgoing, from_number: str | None, contact: str | None, reference: tuple[str, str] | None
) -> Any:
	"""The message stored as Queued and committed: it exists before WhatsApp is called, so whatever
	happens next is recorded."""
	doc = frappe.get_doc(
		{
			"doctype": core.DOCTYPE,
			"direction": "Outgoing",
			"status": "Queued",
			"message_type": outgoing.message_type,
			"from_number": from_number or None,
			"to_number": outgoing.to,
			"body": outgoing.body,
			"template": outgoing.template,
			"template_language": outgoing.language,
			"template_components": json.dumps(outgoing.components) if outgoing.components else None,
			"contact": contact,
			"reference_doctype": reference[0] if reference else None,
			"reference_name": reference[1] if reference else None,
			"message_time": now_datetime(),
		}
	)
	doc.insert()
	frappe.db.commit()
	return doc


def _throw(error: core.GraphError, name: str) -> None:
	message = _("WhatsApp did not send message {0}: {1}").format(name, error.reason(_))
	if error.status == 429:
		retry_after(core.RETRY_AFTER_SECONDS)
		frappe.throw(message, frappe.RateLimitExceededError, title=_("Rate limit reached"))
	exception = {417: frappe.ValidationError, 504: WhatsAppTimeoutError}.get(
		error.status, WhatsAppUnavailableError
	)
	frappe.throw(message, exception, title=_("WhatsApp"))
