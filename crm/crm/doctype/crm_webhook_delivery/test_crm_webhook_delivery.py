# Copyright (c) 2026, crm developers
# For license information, please see license.txt

import frappe

from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	delete_email_test_data,
	delete_test_data,
	make_user,
)
from crm.webhooks import delivery

EVENT = "crm_email_draft_created"


class TestCRMWebhookDelivery(IntegrationTestCase):
	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def tearDown(self) -> None:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		delete_email_test_data()  # deliver() commits its attempt log; remove what it kept

	def hook(self, **values):
		return frappe.get_doc(
			{
				"doctype": "CRM Webhook",
				"url": "http://127.0.0.1:9/x",
				"secret": "s",
				"description": f"{TITLE_MARK} d",
			}
			| values
		).insert()

	def ours(self, names, hook):
		return frappe.get_value("CRM Webhook Delivery", {"name": ("in", names), "webhook": hook.name}, "name")

	def test_emit_stores_one_delivery_per_enabled_subscription(self):
		self.assertEqual(delivery.emit("crm_event_nobody_subscribes_to", {"name": "x"}), [])
		first, second, disabled = self.hook(), self.hook(), self.hook(enabled=0)
		names = delivery.emit(EVENT, {"name": "x"})
		rows = frappe.get_all(
			"CRM Webhook Delivery", filters={"name": ("in", names)}, fields=["webhook", "status", "payload"]
		)
		by_hook = {r.webhook: r for r in rows}
		self.assertIn(first.name, by_hook)
		self.assertIn(second.name, by_hook)
		self.assertNotIn(disabled.name, by_hook)
		self.assertEqual({r.status for r in rows}, {"Queued"})
		self.assertEqual(len({r.payload for r in rows}), 1)  # the same event body for every subscriber

	def test_a_disabled_subscription_fails_its_pending_delivery(self):
		hook = self.hook()
		name = self.ours(delivery.emit(EVENT, {"name": "x"}), hook)
		frappe.db.set_value("CRM Webhook", hook.name, "enabled", 0)
		self.assertEqual(delivery.deliver(name), "Failed")
		self.assertEqual(frappe.get_doc("CRM Webhook Delivery", name).attempts[0].error, "Webhook disabled")
		self.assertEqual(delivery.deliver(name), "Failed")  # finished deliveries are left alone

	def test_sales_roles_cannot_read_the_log(self):
		frappe.set_user(make_user("delivery-sales", ("Sales Manager",)))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("CRM Webhook Delivery")
