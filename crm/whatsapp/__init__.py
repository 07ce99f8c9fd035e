"""WhatsApp on Frappe: the message log, sending through the Cloud API, and the inbound webhook."""
