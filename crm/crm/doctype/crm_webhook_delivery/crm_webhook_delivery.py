# Copyright (c) 2026, crm developers
# For license information, please see license.txt

from frappe.model.document import Document


class CRMWebhookDelivery(Document):
	"""One event for one subscription: its exact body, its status and every attempt to send it.

	Written only by crm.webhooks.delivery; System Managers read it in Desk.
	"""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm.crm.doctype.crm_webhook_attempt.crm_webhook_attempt import CRMWebhookAttempt

		attempt_count: DF.Int
		attempts: DF.Table[CRMWebhookAttempt]
		delivered_at: DF.Datetime | None
		event: DF.Data | None
		next_attempt_at: DF.Datetime | None
		payload: DF.Code | None
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		status: DF.Literal["Queued", "Retrying", "Delivered", "Failed"]
		url: DF.Data | None
		webhook: DF.Link
	# end: auto-generated types
