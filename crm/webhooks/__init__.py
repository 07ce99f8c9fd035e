"""Outbound webhooks: subscriptions, deliveries and retries (Frappe side)."""
