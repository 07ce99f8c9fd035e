"""Email drafts on Communication: permissions, storage, sending and events (Frappe side)."""
