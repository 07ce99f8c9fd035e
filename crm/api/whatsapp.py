"""WhatsApp Integration (docs/whatsapp.md): send and read messages, and Meta's inbound webhook."""

from typing import Any

import frappe

from crm.common.errors import client_input
from crm.core import params
from crm.core.params import LooseInt
from crm.whatsapp import inbound, messages, outbox


@frappe.whitelist(methods=["POST"])
@client_input
def send_message(
	to: str | int | None = None,
	message: str | None = None,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	template: str | dict | None = None,
	template_language: str | None = None,
	template_params: list[str] | str | None = None,
) -> dict[str, Any]:
	"""Send a text (or, with `template`, a template message) to `to`; answers the logged message.

	The message is stored as Queued before WhatsApp is called, then Sent with the provider's id, or
	Failed with the reason (and the error answer says why: 417, 429, 502 or 504)."""
	return outbox.send(
		{
			"to": to,
			"message": message,
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"template": template,
			"template_language": template_language,
			"template_params": template_params,
		}
	)


@frappe.whitelist()
@client_input
def get_messages(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	phone: str | int | None = None,
	limit: LooseInt = 20,
	page: LooseInt = 1,
) -> dict[str, Any]:
	"""Messages of a record, of a phone number, or all the caller may read; newest first, paged."""
	reference = params.reference_pair(
		{"reference_doctype": reference_doctype, "reference_name": reference_name},
		"reference_doctype",
		"reference_name",
	)
	page, limit = params.page_and_limit(page, limit)
	return messages.page(reference, phone, page, limit)


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
def webhook(**query: Any) -> Any:
	"""Meta's callback URL: GET answers the subscription challenge, POST takes signed events."""
	if frappe.request.method == "GET":
		return inbound.verify_subscription(dict(frappe.request.args))
	return inbound.receive(frappe.request.get_data(), frappe.get_request_header("X-Hub-Signature-256"))
