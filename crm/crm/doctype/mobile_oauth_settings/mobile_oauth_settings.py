# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from crm.core.roles import APP_ROLES, SYSTEM_MANAGER
from crm.mobile.settings import DEFAULT_SCOPE


class MobileOAuthSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		app_name: DF.Data | None
		client_id: DF.Link | None
		redirect_uri: DF.Data | None
		scope: DF.Data | None
	# end: auto-generated types

	def validate(self) -> None:
		self.scope = " ".join((self.scope or DEFAULT_SCOPE).split())
		self.redirect_uri = (self.redirect_uri or "").strip() or None

	@frappe.whitelist()
	def create_oauth_client(self) -> str:
		"""Create the public OAuth Client the mobile app signs in with and point `client_id` at it.

		Grants: password, authorization code (with PKCE) and refresh token, which Frappe's provider
		offers to every client; the redirect URI is the one set here.
		"""
		frappe.only_for(SYSTEM_MANAGER)
		if not self.redirect_uri:
			frappe.throw(
				_("Set the Redirect URI before creating the OAuth Client."), title=_("Missing Value")
			)
		client = frappe.new_doc("OAuth Client")
		client.update(
			{
				"app_name": self.app_name or _("CRM Mobile"),
				"scopes": self.scope or DEFAULT_SCOPE,
				"redirect_uris": self.redirect_uri,
				"default_redirect_uri": self.redirect_uri,
				"grant_type": "Authorization Code",
				"response_type": "Code",
				"skip_authorization": 0,
			}
		)
		meta = client.meta
		if meta.has_field("token_endpoint_auth_method"):
			client.token_endpoint_auth_method = "None"  # public client: the app holds no secret
		if meta.has_field("allowed_roles"):
			for role in (*APP_ROLES, SYSTEM_MANAGER):
				client.append("allowed_roles", {"role": role})
		client.insert()
		self.client_id = client.name
		self.save()
		return client.name
