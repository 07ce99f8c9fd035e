"""Sign-in, sign-out and session details (Frappe side)."""
