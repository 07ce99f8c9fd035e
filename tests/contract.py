"""What the tests need from the product contract, restated here so the repo stands alone.

Endpoints are listed per module with whether a guest may call it and the HTTP methods it must
accept (None: any).
"""

MOBILE_API = "crm.api.mobile_api"

# name: (allow_guest, methods)
MOBILE_ENDPOINTS = {
	"get_oauth_config": (True, None),
	"home_tasks": (False, None),
	"filter_tasks": (False, None),
	"main_page_buckets": (False, None),
	"create_task": (False, ("POST",)),
	"edit_task": (False, ("POST",)),
	"update_status": (False, ("POST",)),
	"delete_task": (False, ("POST",)),
}

# Parameters each endpoint must accept (seed 000, plus the contract's `name` alias for task_id).
MOBILE_PARAMETERS = {
	"home_tasks": ("limit",),
	"filter_tasks": ("date_from", "date_to", "importance", "status", "limit", "page", "order_by"),
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
	),
	"update_status": ("task_id", "name", "status"),
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
DOCTYPES = ("CRM Task", "Mobile OAuth Settings")
