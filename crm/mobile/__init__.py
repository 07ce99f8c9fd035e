"""Frappe-side helpers of the mobile task API: permission-checked reads and writes of CRM Task."""
