"""CRM Settings and site-level configuration (Frappe side)."""
