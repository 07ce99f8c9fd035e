# Copyright (c) 2026, crm developers
# For license information, please see license.txt

from frappe.model.document import Document

from crm.common.errors import client_input
from crm.core import settings


class CRMSettings(Document):
	"""Rate limits, defaults and WhatsApp credentials of the CRM (System Manager only)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		default_page_size: DF.Int
		default_task_priority: DF.Literal["Low", "Medium", "High"]
		default_task_type: DF.Literal["Meeting", "Call", "Property Showing"]
		inbox_page_size: DF.Int
		login_attempts_per_minute: DF.Int
		rate_limits_enabled: DF.Check
		requests_per_hour_per_user: DF.Int
		requests_per_minute_per_key: DF.Int
		whatsapp_access_token: DF.Password | None
		whatsapp_api_base_url: DF.Data | None
		whatsapp_api_version: DF.Data | None
		whatsapp_app_secret: DF.Password | None
		whatsapp_business_account_id: DF.Data | None
		whatsapp_default_region: DF.Data | None
		whatsapp_enabled: DF.Check
		whatsapp_phone_number: DF.Data | None
		whatsapp_phone_number_id: DF.Data | None
		whatsapp_template_language: DF.Data | None
		whatsapp_timeout: DF.Int
		whatsapp_verify_token: DF.Password | None
	# end: auto-generated types

	@client_input
	def validate(self) -> None:
		"""Desk edits follow the API's rules: numbers within their ranges, formats (region, API
		version, address, phone number) checked and normalized."""
		for name in settings.LIMITS:
			if self.get(name) not in (None, ""):
				settings.clean_update({name: self.get(name)})
		for name in settings.FORMATS:
			if self.get(name) not in (None, ""):
				self.set(name, settings.clean_update({name: self.get(name)})[name])
