# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe

from crm.tests.utils import IntegrationTestCase, make_user

# The tests make their own OAuth Client and users. Frappe v16 would generate its test records
# through OAuth Client to User, whose welcome mail asks SQLite for CONCAT_WS (SQLite 3.44 and later
# only): on a new SQLite site, whose test Users do not exist yet, the class could not start.
IGNORE_TEST_RECORD_DEPENDENCIES = ["OAuth Client"]


class TestMobileOAuthSettings(IntegrationTestCase):
	def test_create_oauth_client_fills_client_id(self):
		settings = frappe.get_single("Mobile OAuth Settings")
		settings.redirect_uri = " app.trust://oauth2redirect "
		settings.scope = "all   openid"
		settings.save()
		self.assertEqual(
			(settings.redirect_uri, settings.scope), ("app.trust://oauth2redirect", "all openid")
		)
		client_id = settings.create_oauth_client()
		client = frappe.get_doc("OAuth Client", client_id)
		self.assertEqual(frappe.db.get_single_value("Mobile OAuth Settings", "client_id"), client_id)
		self.assertEqual(client.default_redirect_uri, "app.trust://oauth2redirect")
		self.assertEqual(client.redirect_uris, "app.trust://oauth2redirect")
		self.assertEqual((client.grant_type, client.response_type), ("Authorization Code", "Code"))
		if client.meta.has_field("allowed_roles"):
			self.assertIn("Sales User", {row.role for row in client.allowed_roles})

	def test_needs_a_redirect_uri(self):
		settings = frappe.get_single("Mobile OAuth Settings")
		settings.redirect_uri = ""
		with self.assertRaises(frappe.ValidationError):
			settings.create_oauth_client()

	def test_only_a_system_manager_may_create_the_client(self):
		user = make_user("settings-sales", ("Sales Manager",))
		settings = frappe.get_single("Mobile OAuth Settings")
		settings.redirect_uri = "app.trust://oauth2redirect"
		with self.set_user(user), self.assertRaises(frappe.PermissionError):
			settings.create_oauth_client()
