# Copyright (c) 2026, crm developers
# For license information, please see license.txt

from frappe.model.document import Document

from crm.common.errors import client_input
from crm.core import webhooks


class CRMWebhook(Document):
	"""A subscription: POST the chosen event, signed with `secret`, to `url`."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		enabled: DF.Check
		event: DF.Literal["crm_email_draft_created"]
		max_attempts: DF.Int
		retry_delay: DF.Int
		secret: DF.Password
		timeout: DF.Int
		url: DF.Data
	# end: auto-generated types

	@client_input
	def validate(self) -> None:
		self.url = webhooks.validate_url(self.url)
		self.max_attempts = min(max(self.max_attempts or 8, 1), 20)
		self.timeout = min(max(self.timeout or 10, 1), 60)
		self.retry_delay = min(max(self.retry_delay or 30, 1), 3600)
