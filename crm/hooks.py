app_name = "crm"
app_title = "CRM"
app_publisher = "crm developers"
app_description = "Field sales CRM for real estate: mobile task API, agent email drafts with human approval"
app_email = "crm@example.com"
app_license = "mit"

# Install and migrate
# -------------------
before_install = "crm.install.before_install"
after_install = "crm.install.after_install"
after_migrate = "crm.install.after_migrate"

# Requests
# --------
# Runs before authentication: an API call while the database is down gets 503, not Frappe's 500.
before_request = ["crm.common.outage.refuse_when_database_unreachable"]
# Run in this order inside Frappe's authentication step, after session, API-key and OAuth bearer
# checks, for crm.api.* calls: a guest calling a non-guest method gets 401 (not Frappe's default
# 403); a signed-in caller's first Redis commands go in one round trip (crm/common/call_start.py);
# they are answered in their language and counted against the rate limits; a token call writes its
# caller's last activity at most every ten minutes (crm/common/last_active.py).
auth_hooks = [
	"crm.common.auth.require_login_for_crm_api",
	"crm.common.call_start.send_for_call",
	"crm.common.auth.answer_in_callers_language",
	"crm.common.ratelimit.limit_crm_api_calls",
	"crm.common.last_active.throttle_token_call_writes",
]
# The Redis commands each module sends as a signed-in crm.api.* call starts, all in one round trip
# (crm/common/call_start.py): the caller's language, CRM Settings, the rate-limit counts, the
# caller's task tokens.
crm_call_start = [
	"crm.common.auth.call_start_commands",
	"crm.common.app_settings.call_start_commands",
	"crm.common.ratelimit.call_start_commands",
	"crm.common.task_versions.call_start_commands",
]
# After each request: the rate-limit headers, then the app's error answers completed.
after_request = [
	"crm.common.ratelimit.add_rate_limit_headers",
	"crm.common.errors.complete_error_response",
]

# Kept when Frappe clears the site cache (every User save does): the rate-limit counters, WhatsApp
# statuses waiting for their message to be stored, and assignments waiting to be told.
persistent_cache_keys = ["crm:rl:*", "crm:whatsapp:pending:*", "crm:assignments:*"]

# Permissions
# -----------
# Writes to an email need read permission on its record, as reading does (crm/email/permissions.py).
has_permission = {
	"CRM Task": "crm.crm.doctype.crm_task.crm_task.has_permission",
	"Communication": "crm.email.permissions.has_communication_permission",
	"CRM Activity": "crm.crm.doctype.crm_activity.crm_activity.has_permission",
	"CRM WhatsApp Message": "crm.crm.doctype.crm_whatsapp_message.crm_whatsapp_message.has_permission",
}
# The same rules for lists (get_messages, the timeline, Desk).
permission_query_conditions = {
	"CRM Task": "crm.crm.doctype.crm_task.crm_task.permission_query_conditions",
	"CRM Activity": "crm.crm.doctype.crm_activity.crm_activity.permission_query_conditions",
	"CRM WhatsApp Message": "crm.crm.doctype.crm_whatsapp_message.crm_whatsapp_message.permission_query_conditions",
}

# A delivery's links are history: deleting the draft or the subscription it names leaves it be.
ignore_links_on_delete = ["CRM Webhook Delivery"]

doc_events = {
	"Communication": {"validate": "crm.email.permissions.normalize_provider_ids"},
	# Phone numbers also kept in E.164, so an incoming WhatsApp message finds its Contact.
	"Contact": {"validate": "crm.contacts.phones.fill_e164"},
	# A task's change renews the task versions of its parties (crm/common/task_versions.py).
	"CRM Task": {
		"on_change": "crm.common.task_versions.task_changed",
		"on_trash": "crm.common.task_versions.task_changed",
	},
	# CRM Task's list condition keeps the caller's shares for the request (crm/common/task_shares.py);
	# a share, or a User Permission, changes what its user sees.
	"DocShare": {
		"on_change": ["crm.common.task_shares.forget", "crm.common.task_versions.user_changed"],
		"on_trash": ["crm.common.task_shares.forget", "crm.common.task_versions.user_changed"],
	},
	"User Permission": {
		"on_change": "crm.common.task_versions.user_changed",
		"on_trash": "crm.common.task_versions.user_changed",
	},
	"User": {
		"on_update": "crm.common.auth.forget_user_language",
		"on_trash": "crm.common.auth.forget_user_language",
	},
}

# Background work
# ---------------
scheduler_events = {
	"cron": {"* * * * *": ["crm.webhooks.delivery.retry_due", "crm.mobile.assignments.notify_pending"]},
	"hourly": ["crm.mobile.tasks.expire_idempotency_keys"],
}

# Testing
# -------
before_tests = "crm.install.before_tests"
