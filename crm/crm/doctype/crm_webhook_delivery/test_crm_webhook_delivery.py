# Copyright (c) 2026, crm developers
# For license information, please see license.txt

from unittest.mock import patch

import frappe

from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	Receiver,
	delete_email_test_data,
	delete_test_data,
	make_contact,
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

	def emit(self, *args):
		"""`delivery.emit` without queuing its job: these tests run `deliver` themselves, and a worker
		running the same delivery at that moment races them (and holds its row when tearDown
		deletes it)."""
		with patch.object(delivery, "enqueue") as queued:
			names = delivery.emit(*args)
		self.assertTrue(queued.called)
		return names

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
		name = self.ours(self.emit(EVENT, {"name": "x"}), hook)
		frappe.db.set_value("CRM Webhook", hook.name, "enabled", 0)
		self.assertEqual(delivery.deliver(name), "Failed")
		self.assertEqual(frappe.get_doc("CRM Webhook Delivery", name).attempts[0].error, "Webhook disabled")
		self.assertEqual(delivery.deliver(name), "Failed")  # finished deliveries are left alone

	def test_sales_roles_cannot_read_the_log(self):
		frappe.set_user(make_user("delivery-sales", ("Sales Manager",)))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_list("CRM Webhook Delivery")

	def test_a_deleted_record_or_subscription_leaves_its_deliveries_be(self):
		"""Deliveries are history: they never block deleting what they mention."""
		hook = self.hook()
		contact = make_contact("Delivery Deleted")
		name = self.ours(self.emit(EVENT, {"name": contact.name}, "Contact", contact.name), hook)
		frappe.delete_doc("Contact", contact.name)
		frappe.delete_doc("CRM Webhook", hook.name)
		self.assertTrue(frappe.db.exists("CRM Webhook Delivery", name))
		frappe.db.commit()
		self.assertEqual(delivery.deliver(name), "Failed")
		self.assertEqual(frappe.get_doc("CRM Webhook Delivery", name).attempts[-1].error, "Webhook deleted")

	def test_an_attempt_is_recorded_after_its_record_is_gone(self):
		receiver = Receiver()
		try:
			hook = self.hook(url=receiver.url)
			contact = make_contact("Delivery Gone")
			name = self.ours(self.emit(EVENT, {"name": contact.name}, "Contact", contact.name), hook)
			frappe.delete_doc("Contact", contact.name)
			frappe.db.commit()
			self.assertEqual(delivery.deliver(name), "Delivered")
			self.assertEqual(delivery.deliver(name), "Delivered")
		finally:
			receiver.stop()
		self.assertEqual(len(receiver.received), 1)  # a delivered event is never sent again
		self.assertEqual(frappe.get_doc("CRM Webhook Delivery", name).attempt_count, 1)
		self.assertNotIn(name, delivery.due_deliveries())

	def test_a_job_that_keeps_failing_ends_failed_with_its_reason(self):
		hook = self.hook(max_attempts=3)
		name = self.ours(self.emit(EVENT, {"name": "x"}), hook)
		frappe.db.commit()
		with patch.object(delivery.webhooks, "deliver", side_effect=RuntimeError("crm-test poison")):
			statuses = [delivery.deliver(name) for _run in range(5)]
		self.assertEqual(statuses, ["Retrying", "Retrying", "Failed", "Failed", "Failed"])
		doc = frappe.get_doc("CRM Webhook Delivery", name)
		self.assertEqual(doc.attempt_count, 3)
		self.assertIn("crm-test poison", doc.attempts[-1].error)
		self.assertNotIn(name, delivery.due_deliveries())

	def test_a_failed_job_backs_off_instead_of_being_queued_again_at_once(self):
		hook = self.hook()
		name = self.ours(self.emit(EVENT, {"name": "x"}), hook)
		frappe.db.commit()
		with patch.object(delivery.webhooks, "deliver", side_effect=RuntimeError("crm-test poison")):
			self.assertEqual(delivery.deliver(name), "Retrying")
		self.assertNotIn(name, delivery.due_deliveries())

	def test_a_delivered_event_is_not_sent_again_when_storing_it_fails(self):
		receiver = Receiver()
		real_save, calls = delivery._save, []

		def save_failing_once(doc):
			calls.append(doc.status)
			if len(calls) == 1:
				raise frappe.QueryTimeoutError("crm-test: lost the database while saving")
			return real_save(doc)

		try:
			hook = self.hook(url=receiver.url)
			name = self.ours(self.emit(EVENT, {"name": "x"}), hook)
			frappe.db.commit()
			with patch.object(delivery, "_save", save_failing_once):
				self.assertEqual(delivery.deliver(name), "Delivered")
			self.assertEqual(delivery.deliver(name), "Delivered")
		finally:
			receiver.stop()
		self.assertEqual(len(receiver.received), 1)
