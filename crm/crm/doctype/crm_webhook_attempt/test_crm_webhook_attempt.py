# Copyright (c) 2026, crm developers
# For license information, please see license.txt

from unittest.mock import patch

import frappe

from crm.tests.utils import TITLE_MARK, IntegrationTestCase, delete_email_test_data
from crm.webhooks import delivery


class TestCRMWebhookAttempt(IntegrationTestCase):
	def tearDown(self) -> None:
		frappe.db.rollback()
		delete_email_test_data()  # deliver() commits its attempt log; remove what it kept

	def test_each_attempt_is_a_row_of_its_delivery(self):
		self.assertTrue(frappe.get_meta("CRM Webhook Attempt").istable)
		hook = frappe.get_doc(
			{
				"doctype": "CRM Webhook",
				"url": "http://127.0.0.1:9/closed",  # discard port: the connection is refused
				"secret": "s",
				"description": f"{TITLE_MARK} attempt",
				"max_attempts": 1,
			}
		).insert()
		with patch.object(delivery, "enqueue"):  # run here, not raced by a worker
			names = delivery.emit("crm_email_draft_created", {"name": "x"})
		name = frappe.get_value("CRM Webhook Delivery", {"name": ("in", names), "webhook": hook.name}, "name")
		self.assertEqual(delivery.deliver(name), "Failed")
		rows = frappe.get_all(
			"CRM Webhook Attempt",
			filters={"parent": name, "parenttype": "CRM Webhook Delivery"},
			fields=["attempt", "status_code", "duration_ms", "error", "attempted_at"],
		)
		self.assertEqual(len(rows), 1)
		self.assertEqual(rows[0].attempt, 1)
		self.assertFalse(rows[0].status_code)
		self.assertTrue(rows[0].error)
		self.assertTrue(rows[0].attempted_at)
