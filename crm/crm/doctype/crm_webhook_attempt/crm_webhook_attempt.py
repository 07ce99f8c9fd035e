# Copyright (c) 2026, crm developers
# For license information, please see license.txt

from frappe.model.document import Document


class CRMWebhookAttempt(Document):
	"""One attempt of a webhook delivery: when, the receiver's status code, how long, what failed."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempt: DF.Int
		attempted_at: DF.Datetime | None
		duration_ms: DF.Float
		error: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		status_code: DF.Int
	# end: auto-generated types
