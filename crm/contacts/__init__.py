"""Contacts and organizations (Frappe side)."""
