"""JSON Schemas (OpenAPI 3.1 dialect) of what the app's API answers.

Objects list the fields clients may rely on; they allow more (fields are added, never removed).
Choices (statuses, types) come from the DocTypes' own options: a site's CRM Task (`schemas(task)`,
what the site serves) or the shipped DocTypes (`SCHEMAS`, the file shipped in the app).
"""

from typing import Any

from crm.core import schema, settings, tasks
from crm.core.schema import DocSchema

Schema = dict[str, Any]

STR: Schema = {"type": "string"}
INT: Schema = {"type": "integer"}
BOOL: Schema = {"type": "boolean"}
ANY: Schema = {}


def opt(schema: Schema) -> Schema:
	"""The same type, or null."""
	kind = schema.get("type")
	if isinstance(kind, str):
		return {**schema, "type": [kind, "null"]}
	return {"anyOf": [schema, {"type": "null"}]}


def enum(*values: str, nullable: bool = False) -> Schema:
	return {
		"type": ["string", "null"] if nullable else "string",
		"enum": [*values, *([None] if nullable else [])],
	}


def obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None, **extra: Any) -> Schema:
	return {
		"type": "object",
		"properties": {**required, **(optional or {})},
		"required": list(required),
		**extra,
	}


def array(items: Schema) -> Schema:
	return {"type": "array", "items": items}


def ref(name: str) -> Schema:
	return {"$ref": f"#/components/schemas/{name}"}


def page_of(item: str) -> Schema:
	return obj({"data": array(ref(item)), "page": INT, "page_size": INT, "total": INT, "has_next": BOOL})


DATE = opt({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
DATETIME = opt({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$"})
NSTR = opt(STR)
NINT = opt(INT)

# The secrets of CRM Settings, which `Settings` forbids.
SECRET_FIELDS = settings.secret_fields()


def task_fields(task: DocSchema | None = None) -> dict[str, Schema]:
	return {
		"name": INT,
		"title": STR,
		"status": enum(*tasks.statuses(task)),
		"priority": enum(*tasks.priorities(task)),
		"task_type": enum(*tasks.task_types(task)),
		"start_date": DATE,
		"due_date": DATETIME,
		"assigned_to": NSTR,
		"modified": DATETIME,
	}


def task_schemas(task: DocSchema | None = None) -> dict[str, Schema]:
	"""The schemas naming CRM Task's choices, for the site's definition `task` (None: as shipped)."""
	fields = task_fields(task)
	choice = {"value": STR, "label": STR, "order": INT}
	return {
		"Task": obj(fields),
		"TaskDetail": obj({**fields, "description": NSTR}),
		"TaskOptions": obj(
			{
				"task_types": array(obj(choice | {"value": fields["task_type"]})),
				"statuses": array(obj(choice | {"value": fields["status"]})),
				"priorities": array(obj(choice | {"value": fields["priority"]})),
				"labels": obj({"task_type": STR, "status": STR, "priority": STR}),
				"defaults": obj(
					{
						"task_type": enum(*tasks.task_types(task), nullable=True),
						"status": enum(*tasks.statuses(task), nullable=True),
						"priority": enum(*tasks.priorities(task), nullable=True),
					}
				),
				"language": STR,
				"version": STR,
			}
		),
	}


def activity_schema(activity: DocSchema | None = None) -> Schema:
	"""A logged activity, its types as `activity` (a site's CRM Activity) defines them."""
	activity = activity or schema.shipped("CRM Activity")
	return obj(
		{
			"name": STR,
			"activity_type": enum(*activity.options("activity_type")),
			"subject": STR,
			"activity_date": NSTR,
			"reference_doctype": STR,
			"reference_name": STR,
			"owner": NSTR,
		}
	)


def schemas(task: DocSchema | None = None, activity: DocSchema | None = None) -> dict[str, Schema]:
	"""Every schema, with the choices of CRM Task and CRM Activity as a site defines them
	(None: as shipped)."""
	return {**SCHEMAS, **task_schemas(task), "Activity": activity_schema(activity)}


SCHEMAS: dict[str, Schema] = {
	**task_schemas(),
	"TaskPage": obj(
		{"data": array(ref("Task")), "page": INT, "page_size": INT, "total": INT, "has_next": BOOL},
		# `total` counts up to 1,000 matching tasks; above, it is 1,000 and `total_exact` is false.
		{"next_cursor": NSTR, "total_exact": BOOL},
	),
	"SyncPage": obj(
		{
			"tasks": array(ref("Task")),
			"deleted": array(INT),
			"has_more": BOOL,
			"next_cursor": NSTR,
			"next_since": STR,
		}
	),
	"OAuthConfig": obj({"client_id": STR, "scope": STR, "redirect_uri": NSTR}),
	"HomeTasks": obj({"today": array(ref("Task")), "limit": INT}),
	"Buckets": obj(
		{
			"today": array(ref("Task")),
			"late": array(ref("Task")),
			"upcoming": array(ref("Task")),
			"min_each": INT,
		}
	),
	"Email": obj(
		{
			"name": STR,
			"status": STR,
			"subject": STR,
			"to": array(STR),
			"cc": array(STR),
			"bcc": array(STR),
			"sender": NSTR,
			"reference_doctype": NSTR,
			"reference_name": NSTR,
			"provider": NSTR,
			"provider_message_id": NSTR,
			"provider_thread_id": NSTR,
			"communication_date": NSTR,
			"modified": NSTR,
		},
		{
			"html": STR,
			"preview": STR,
			"delivery_status": NSTR,
			"reference_title": NSTR,
			"owner_name": NSTR,
			"queue": opt(ref("EmailQueueState")),
		},
	),
	"EmailQueueState": obj({"name": STR, "status": STR, "error": NSTR, "send_after": NSTR, "modified": NSTR}),
	"InboxFacets": obj(
		{
			"counts": {"type": "object", "additionalProperties": INT},
			"total": INT,
			"agents": array(obj({"user": STR, "full_name": STR})),
			"doctypes": array(STR),
		}
	),
	"Ok": obj({"ok": BOOL}),
	"UserInfo": obj(
		{
			"user": STR,
			"full_name": NSTR,
			"email": NSTR,
			"user_image": NSTR,
			"roles": array(STR),
			"language": NSTR,
			"time_zone": NSTR,
		}
	),
	"Contact": obj(
		{
			"name": STR,
			"first_name": NSTR,
			"last_name": NSTR,
			"full_name": NSTR,
			"email": NSTR,
			"phone": NSTR,
			"mobile": NSTR,
			"organization": NSTR,
			"modified": NSTR,
		}
	),
	"Organization": obj({"name": STR, "organization_name": STR, "website": NSTR, "industry": NSTR}),
	"Activity": {},  # activity_schema(), below
	"TimelineItem": obj(
		{
			"type": enum("activity", "comment", "email", "whatsapp", "task", "task_change"),
			"name": {"type": ["string", "integer"]},
			"timestamp": NSTR,
			"title": STR,
			"owner": NSTR,
			"data": {"type": "object"},
		}
	),
	"ToDo": obj(
		{
			"name": STR,
			"status": STR,
			"priority": NSTR,
			"date": NSTR,
			"description": NSTR,
			"allocated_to": NSTR,
			"reference_type": NSTR,
			"reference_name": NSTR,
		}
	),
	"Notification": obj(
		{
			"name": STR,
			"subject": NSTR,
			"type": NSTR,
			"document_type": NSTR,
			"document_name": NSTR,
			"read": BOOL,
			"creation": NSTR,
		}
	),
	"Comment": obj({"name": STR, "content": STR, "comment_email": NSTR, "creation": NSTR}),
	"Settings": obj(
		{
			"rate_limits_enabled": BOOL,
			"requests_per_minute_per_key": NINT,
			"requests_per_hour_per_user": NINT,
			"whatsapp_enabled": BOOL,
			"whatsapp_access_token_set": BOOL,
			"whatsapp_app_secret_set": BOOL,
			"whatsapp_verify_token_set": BOOL,
		},
		# Secrets never leave: an answer carrying one does not match this description.
		**{"not": {"anyOf": [{"required": [name]} for name in SECRET_FIELDS]}},
	),
	"EmailAccount": obj(
		{
			"name": STR,
			"email_id": STR,
			"enable_outgoing": BOOL,
			"enable_incoming": BOOL,
			"default_outgoing": BOOL,
		}
	),
	"WhatsAppMessage": obj(
		{
			"name": STR,
			"direction": enum(*schema.options("CRM WhatsApp Message", "direction")),
			"status": enum(*schema.options("CRM WhatsApp Message", "status")),
			"from": NSTR,
			"to": NSTR,
			"body": NSTR,
			"template": NSTR,
			"contact": NSTR,
			"reference_doctype": NSTR,
			"reference_name": NSTR,
			"provider_message_id": NSTR,
			"message_time": NSTR,
			"failure_reason": NSTR,
			"error_code": NSTR,
		}
	),
	"WebhookResult": obj({"ok": BOOL, "messages": INT, "statuses": INT, "ignored": INT}),
	"Error": obj(
		{"exc_type": STR, "exception": STR},
		{"_server_messages": STR, "exc": STR, "_error_message": STR},
	),
}

for name in (
	"Contact",
	"Organization",
	"Activity",
	"ToDo",
	"Notification",
	"Comment",
	"TimelineItem",
	"Email",
):
	SCHEMAS[f"{name}Page"] = page_of(name)
SCHEMAS["WhatsAppMessagePage"] = page_of("WhatsAppMessage")
SCHEMAS["Activity"] = activity_schema()
