"""What the tests need from the product contract, restated here so the repo stands alone.

Endpoints are listed per module with whether a guest may call it and the HTTP methods it must
accept (None: any).
"""

MOBILE_API = "crm.api.mobile_api"

# name: (allow_guest, methods)
MOBILE_ENDPOINTS = {
	"get_oauth_config": (True, None),
	"get_task_options": (False, ("GET",)),  # the contract's "Admins customise in Desk"
	"home_tasks": (False, None),
	"filter_tasks": (False, None),
	"main_page_buckets": (False, None),
	"create_task": (False, ("POST",)),
	"edit_task": (False, ("POST",)),
	"update_status": (False, ("POST",)),
	"delete_task": (False, ("POST",)),
	"sync_tasks": (False, None),  # an addition (docs/mobile-api.md)
}

# Parameters each endpoint must accept (docs/mobile-api.md, plus the `name` alias for task_id).
MOBILE_PARAMETERS = {
	"home_tasks": ("limit",),
	"filter_tasks": ("date_from", "date_to", "importance", "status", "limit", "page", "order_by", "cursor"),
	"sync_tasks": ("since", "limit", "cursor"),
	"main_page_buckets": ("min_each",),
	"create_task": (
		"title",
		"task_type",
		"priority",
		"status",
		"start_date",
		"due_date",
		"description",
		"assigned_to",
		"idempotency_key",
	),
	"edit_task": (
		"task_id",
		"name",
		"title",
		"task_type",
		"priority",
		"status",
		"start_date",
		"due_date",
		"description",
		"assigned_to",
		"modified",
	),
	"update_status": ("task_id", "name", "status", "modified"),
	"delete_task": ("task_id", "name"),
}

# The task object: list answers carry these; single-task answers add `description`.
TASK_LIST_KEYS = (
	"name",
	"title",
	"status",
	"priority",
	"task_type",
	"start_date",
	"due_date",
	"assigned_to",
	"modified",
)
TASK_DETAIL_KEYS = (*TASK_LIST_KEYS, "description")

TASK_TYPES = ("Meeting", "Call", "Property Showing")
TASK_STATUSES = ("Backlog", "Todo", "In Progress", "Done", "Canceled")
TASK_PRIORITIES = ("Low", "Medium", "High")  # least to most important

ROLES = ("Sales User", "Sales Manager")
DOCTYPES = (
	"CRM Task",
	"Mobile OAuth Settings",
	"CRM Webhook",
	"CRM Webhook Delivery",
	"CRM Webhook Attempt",
	"CRM Settings",
	"CRM Organization",
	"CRM Activity",
	"CRM WhatsApp Message",
)

# Email and the agent router (docs/email-agent.md). name: (module, parameters it must accept, HTTP methods)
_DRAFT = ("reference_doctype", "reference_name", "to", "subject", "html", "cc", "bcc", "provider_thread_id")
EMAIL_ENDPOINTS = {
	"crm.api.email.get_inbox": (("doctype", "docname", "status", "limit"), None),
	"crm.api.email.thread_context": (("communication", "doctype", "docname", "limit"), None),
	"crm.api.email.save_draft": (_DRAFT, ("POST",)),
	"crm.api.email.save_draft_with_provider": ((*_DRAFT, "provider", "provider_message_id"), ("POST",)),
	"crm.api.email.send": (("communication_name",), ("POST",)),
	"crm.api.email.link_provider_ids": (
		("communication_name", "provider", "provider_message_id", "provider_thread_id"),
		("POST",),
	),
	"crm.api.agent.run": (("command", "params"), ("POST",)),
}
AGENT_COMMANDS = ("email.draft", "email.draft_with_provider", "email.send", "email.link_provider_ids")
EMAIL_CUSTOM_FIELDS = ("provider", "provider_message_id", "provider_thread_id")

# The CRM core APIs (docs/core-api.md). dotted name: (parameters it must accept, HTTP methods or None)
CORE_ENDPOINTS = {
	"crm.api.settings.get_settings": ((), None),
	"crm.api.settings.update_settings": (("settings",), ("POST",)),
	"crm.api.settings.create_email_account": (
		("email_id", "smtp_server", "enable_outgoing", "enable_incoming"),
		("POST",),
	),
}

CORE_ENDPOINTS |= {
	"crm.api.auth.login": (("usr", "pwd"), ("POST",)),
	"crm.api.auth.logout": ((), ("POST",)),
	"crm.api.auth.get_user_info": ((), None),
	"crm.api.session.get_session_info": ((), None),
	"crm.api.session.refresh_session": ((), ("POST",)),
}
# Guests may call only these: the contract's two (the OAuth config and the WhatsApp webhook,
# which checks Meta's signature instead), plus sign-in itself.
GUEST_ENDPOINTS = ("crm.api.mobile_api.get_oauth_config", "crm.api.auth.login", "crm.api.whatsapp.webhook")
CORE_ENDPOINTS |= {
	"crm.api.todo.get_todos": (("status", "limit", "page"), None),
	"crm.api.todo.create_todo": (
		("description", "date", "priority", "allocated_to", "reference_type", "reference_name"),
		("POST",),
	),
	"crm.api.notifications.get_notifications": (("limit", "unread_only"), None),
	"crm.api.notifications.mark_read": (("name", "all"), ("POST",)),
	"crm.api.comment.get_comments": (("reference_doctype", "reference_name", "limit", "page"), None),
	"crm.api.comment.add_comment": (("reference_doctype", "reference_name", "content"), ("POST",)),
}
CORE_ENDPOINTS |= {
	"crm.api.contact.get_contacts": (("search", "limit", "page"), None),
	"crm.api.contact.create_contact": (("first_name", "last_name", "email", "phone"), ("POST",)),
	"crm.api.contact.update_contact": (("name", "first_name", "email"), ("POST",)),
	"crm.api.contact.delete_contact": (("name",), ("POST",)),
	"crm.api.contact.get_organizations": (("search", "limit", "page"), None),
	"crm.api.contact.create_organization": (
		("organization_name", "website", "industry", "size", "address_line1", "city", "country"),
		("POST",),
	),
	"crm.api.contact.update_organization": (("name", "organization_name"), ("POST",)),
}
CORE_ENDPOINTS |= {
	"crm.api.activities.get_activities": (("reference_doctype", "reference_name", "limit", "page"), None),
	"crm.api.activities.create_activity": (
		(
			"reference_doctype",
			"reference_name",
			"activity_type",
			"subject",
			"notes",
			"activity_date",
			"duration_minutes",
			"outcome",
		),
		("POST",),
	),
	"crm.api.activities.update_activity": (
		("name", "activity_type", "subject", "notes", "outcome"),
		("POST",),
	),
}
CORE_ENDPOINTS |= {
	"crm.api.whatsapp.send_message": (
		("to", "message", "reference_doctype", "reference_name", "template"),
		("POST",),
	),
	"crm.api.whatsapp.get_messages": (
		("reference_doctype", "reference_name", "phone", "limit", "page"),
		None,
	),
	"crm.api.whatsapp.webhook": ((), ("GET", "POST")),
}
CORE_ENDPOINTS |= {"crm.api.docs.openapi": ((), ("GET",))}
