"""To-dos, notifications and comments on Frappe's own DocTypes (Frappe side)."""
