"""Activities and the record timeline (Frappe side)."""
