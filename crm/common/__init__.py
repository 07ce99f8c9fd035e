"""Frappe-side helpers shared by every API area: authentication and error answers."""
