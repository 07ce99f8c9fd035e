"""The OpenAPI 3.1 description of every `crm.api.*` endpoint, built from the endpoints' own source.

Parameter names, their types, HTTP methods and guest access are read (by AST, nothing imported)
from the whitelisted functions in `crm/api/*.py`, so the description cannot miss a parameter; what
each endpoint answers and which errors it may give are in `ANSWERS` below. The repository ships the
result for the DocTypes as shipped as `crm/public/openapi.json` (written by `python -m
crm.core.openapi`; a tier-1 test keeps the file equal to this build); the site serves it with its own
task and activity choices (Customize Form included) at `/api/method/crm.api.docs.openapi`.

Parameters are described as a client should send them, in one canonical type each, the first type
of the function's hint (`int | str` is an integer; `str | list` a string): the server accepts the
others too, but a client generator needs one. Comma-separated sets are strings whose allowed values
are listed in `description` and checked by `pattern`; choices are enums.
"""

import ast
import json
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from crm import __version__
from crm.core import collab, email_drafts, tasks
from crm.core.openapi_schemas import ANY, BOOL, INT, NSTR, STR, enum, obj, ref, schemas
from crm.core.schema import DocSchema

API_DIR = Path(__file__).resolve().parent.parent / "api"
SPEC_FILE = Path(__file__).resolve().parent.parent / "public" / "openapi.json"
ERROR_TEXT = {
	401: "No credentials, or an invalid or expired token",
	403: "Not permitted (role, owner rules, User Permissions, the record's permissions)",
	404: "The named record does not exist",
	409: "Duplicate, or a stale write",
	417: "Bad input: the message names the field and, for sets, the allowed values",
	429: "Over a rate limit: see Retry-After and X-RateLimit-*",
	502: "WhatsApp refused or failed (token, account, provider)",
	503: "The database cannot be reached: try again after Retry-After seconds",
	504: "WhatsApp did not answer in time",
}
RETRY_AFTER_CODES = (429, 503)
EVERY = (503,)  # any call of the app's API, a guest's too
USUAL = (401, 403, 417, 429)
RECORD = (*USUAL, 404)
# endpoint -> (answer schema, extra error codes). Every answer is wrapped in {"message": ...}.
ANSWERS: dict[str, tuple[dict, tuple[int, ...]]] = {
	"mobile_api.get_oauth_config": (ref("OAuthConfig"), (417,)),
	"mobile_api.get_task_options": (ref("TaskOptions"), (401, 429)),
	"mobile_api.home_tasks": (ref("HomeTasks"), USUAL),
	"mobile_api.filter_tasks": (ref("TaskPage"), USUAL),
	"mobile_api.main_page_buckets": (ref("Buckets"), USUAL),
	"mobile_api.create_task": (ref("TaskDetail"), (*USUAL, 409)),
	"mobile_api.edit_task": (ref("TaskDetail"), (*RECORD, 409)),  # 409: stale `modified`
	"mobile_api.update_status": (ref("TaskDetail"), (*RECORD, 409)),
	"mobile_api.delete_task": (STR, RECORD),
	"mobile_api.sync_tasks": (ref("SyncPage"), USUAL),
	"email.get_inbox": (
		obj({"data": {"type": "array", "items": ref("Email")}, "limit": INT}, {"next_cursor": NSTR}),
		RECORD,
	),
	"email.get_inbox_facets": (ref("InboxFacets"), RECORD),
	"email.get_email": (ref("Email"), RECORD),
	"email.retry_send": (ref("Ok"), RECORD),
	"email.thread_context": ({"type": "object"}, RECORD),
	"email.save_draft": (STR, RECORD),
	"email.save_draft_with_provider": (obj({"communication_name": STR}), RECORD),
	"email.send": (ref("Ok"), RECORD),
	"email.link_provider_ids": (ref("Ok"), (*RECORD, 409)),
	"email.update_draft": (ref("Email"), RECORD),
	"email.discard_draft": (ref("Ok"), RECORD),
	"agent.run": (ANY, RECORD),
	"auth.login": (ref("UserInfo"), (401, 417, 429)),
	"auth.logout": (ref("Ok"), (401, 429)),
	"auth.get_user_info": (ref("UserInfo"), (401, 429)),
	"session.get_session_info": (obj({"user": STR, "auth_method": STR}), (401, 429)),
	"session.refresh_session": ({"type": "object"}, (401, 417, 429)),
	"contact.get_contacts": (ref("ContactPage"), USUAL),
	"contact.create_contact": (ref("Contact"), (*USUAL, 409)),
	"contact.update_contact": (ref("Contact"), (*RECORD, 409)),
	"contact.delete_contact": (ref("Ok"), RECORD),
	"contact.get_organizations": (ref("OrganizationPage"), USUAL),
	"contact.create_organization": (ref("Organization"), (*USUAL, 409)),
	"contact.update_organization": (ref("Organization"), (*RECORD, 409)),
	"activities.get_activities": (ref("TimelineItemPage"), RECORD),
	"activities.create_activity": (ref("Activity"), RECORD),
	"activities.update_activity": (ref("Activity"), RECORD),
	"todo.get_todos": (ref("ToDoPage"), USUAL),
	"todo.create_todo": (ref("ToDo"), RECORD),
	"comment.get_comments": (ref("CommentPage"), RECORD),
	"comment.add_comment": (ref("Comment"), RECORD),
	"notifications.get_notifications": (ref("NotificationPage"), USUAL),
	"notifications.mark_read": ({"type": "object"}, RECORD),
	"settings.get_settings": (ref("Settings"), USUAL),
	"settings.update_settings": (ref("Settings"), USUAL),
	"settings.create_email_account": (ref("EmailAccount"), (*USUAL, 409)),
	"whatsapp.send_message": (ref("WhatsAppMessage"), (*RECORD, 502, 504)),
	"whatsapp.get_messages": (ref("WhatsAppMessagePage"), RECORD),
	"whatsapp.webhook": (ref("WebhookResult"), (401, 403, 417)),
	"docs.openapi": ({"type": "object"}, (401, 429)),
}
# Answers not wrapped in {"message": ...}: endpoint -> {method: (media type, schema)}.
UNWRAPPED = {
	"mobile_api.delete_task": {
		m: ("application/json", obj({"message": STR, "ok": BOOL})) for m in ("GET", "POST")
	},
	"docs.openapi": {"GET": ("application/json", obj({"openapi": STR, "paths": {"type": "object"}}))},
	"whatsapp.webhook": {"GET": ("text/plain", STR)},
}


# Answered 304 with no body when If-None-Match names the current ETag.
CONDITIONAL = ("mobile_api.get_task_options",)


@cache
def endpoints() -> dict[str, dict[str, Any]]:
	"""`module.function` -> {methods, guest, parameters {name: schema}, summary} of every endpoint."""
	found: dict[str, dict[str, Any]] = {}
	for path in sorted(API_DIR.glob("*.py")):
		tree = ast.parse(path.read_text(encoding="utf-8"))
		aliases = {**_type_aliases(PARAMS_FILE), **_type_aliases(path)}
		for node in tree.body:
			decorator = _whitelist(node)
			if decorator is None:
				continue
			options = {k.arg: ast.literal_eval(k.value) for k in decorator.keywords}
			arguments = node.args.args
			found[f"{path.stem}.{node.name}"] = {
				"methods": tuple(options.get("methods") or ("GET", "POST")),
				"guest": bool(options.get("allow_guest")),
				"parameters": {a.arg: _schema(a.annotation, aliases) for a in arguments},
				"summary": (ast.get_docstring(node) or node.name.replace("_", " ")).split("\n")[0],
			}
	return found


# The shared parameter types (`LooseInt`) the endpoints import.
PARAMS_FILE = Path(__file__).with_name("params.py")


def _type_aliases(path: Path) -> dict[str, ast.expr]:
	"""Module-level `Name = <type>` assignments of a file, read without importing it."""
	tree = ast.parse(path.read_text(encoding="utf-8"))
	return {
		node.targets[0].id: node.value
		for node in tree.body
		if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
	}


def _whitelist(node: ast.AST) -> ast.Call | None:
	if not isinstance(node, ast.FunctionDef):
		return None
	for decorator in node.decorator_list:
		call = decorator if isinstance(decorator, ast.Call) else None
		target = call.func if call else decorator
		if isinstance(target, ast.Attribute) and target.attr == "whitelist":
			return call or ast.Call(func=target, args=[], keywords=[])
	return None


_TYPES = {
	"str": "string",
	"int": "integer",
	"float": "number",
	"bool": "boolean",
	"dict": "object",
	"list": "array",
}


def _schema(annotation: ast.expr | None, aliases: dict[str, ast.expr]) -> dict[str, Any]:
	"""A JSON Schema for a parameter's type hint (`str | None`, `LooseInt`, `list[str]`, ...)."""
	names: list[str] = []

	def walk(expr: ast.expr | None) -> None:
		if isinstance(expr, ast.BinOp):
			walk(expr.left), walk(expr.right)
		elif isinstance(expr, ast.Name) and expr.id in aliases:
			walk(aliases[expr.id])
		elif isinstance(expr, ast.Name):
			names.append(expr.id)
		elif isinstance(expr, ast.Subscript):
			walk(expr.value)

	walk(annotation)
	kinds = [_TYPES[name] for name in names if name in _TYPES]
	if not kinds:
		return {}
	if kinds[0] == "array":
		return {"type": "array", "items": {"type": "string"}}
	return {"type": kinds[0]}


def comma_sets(task: DocSchema | None = None) -> dict[tuple[str, str], Sequence[str]]:
	"""(endpoint, parameter) -> the values of a parameter taking a comma-separated set of them."""
	return {
		("mobile_api.filter_tasks", "importance"): tasks.priorities(task),
		("mobile_api.filter_tasks", "status"): tasks.statuses(task),
		("email.get_inbox", "status"): email_drafts.STATUSES,
		("todo.get_todos", "status"): collab.TODO_STATUSES,
	}


def choices(task: DocSchema | None = None) -> dict[tuple[str, str], Sequence[str]]:
	"""(endpoint, parameter) -> the values of a parameter taking one of them."""
	chosen = {}
	for dotted in ("mobile_api.create_task", "mobile_api.edit_task"):
		for fieldname in tasks.CHOICE_FIELDS:
			chosen[(dotted, fieldname)] = tasks.options(fieldname, task)
	chosen[("mobile_api.update_status", "status")] = tasks.statuses(task)
	return chosen


def comma_set(values: Sequence[str]) -> dict[str, Any]:
	"""A string of comma-separated `values` (spaces around them allowed)."""
	one = "|".join(re.escape(value) for value in values)
	return {
		"type": "string",
		"description": "Comma-separated, any of: " + ", ".join(values),
		"pattern": rf"^\s*({one})\s*(,\s*({one})\s*)*$",
	}


def parameters_of(dotted: str, endpoint: dict[str, Any], task: DocSchema | None) -> dict[str, Any]:
	"""name -> schema of the endpoint's parameters, sets and choices spelled out."""
	sets, picks = comma_sets(task), choices(task)
	described = {}
	for name, schema in endpoint["parameters"].items():
		if (dotted, name) in sets:
			schema = comma_set(sets[(dotted, name)])
		elif (dotted, name) in picks:
			schema = enum(*picks[(dotted, name)])
		described[name] = schema
	return described


INFO = {
	"title": "crm API",
	"version": __version__,
	"description": 'Field sales CRM on Frappe. Answers are wrapped as {"message": ...}; errors are '
	"Frappe's error JSON. Dates are YYYY-MM-DD, datetimes YYYY-MM-DD HH:MM:SS[.ffffff] in the site's time zone.",
}
SECURITY_SCHEMES = {
	"oauth2": {
		"type": "oauth2",
		"description": "Frappe's OAuth 2 provider: Authorization: Bearer <access token>",
		"flows": {
			"password": {
				"tokenUrl": "/api/method/frappe.integrations.oauth2.get_token",
				"scopes": {"all": "everything"},
			},
			"authorizationCode": {
				"authorizationUrl": "/api/method/frappe.integrations.oauth2.authorize",
				"tokenUrl": "/api/method/frappe.integrations.oauth2.get_token",
				"refreshUrl": "/api/method/frappe.integrations.oauth2.get_token",
				"scopes": {"all": "everything", "openid": "OpenID Connect"},
			},
		},
	},
	"apiKey": {
		"type": "apiKey",
		"in": "header",
		"name": "Authorization",
		"description": "token <api_key>:<api_secret>",
	},
	"session": {
		"type": "apiKey",
		"in": "cookie",
		"name": "sid",
		"description": "From /api/method/login or crm.api.auth.login",
	},
}


def build(task: DocSchema | None = None, activity: DocSchema | None = None) -> dict[str, Any]:
	"""The description, with the choices of CRM Task and CRM Activity as a site defines them
	(`task`, `activity`); None: as shipped."""
	paths = {
		f"/api/method/crm.api.{dotted}": _path_item(dotted, endpoint, task)
		for dotted, endpoint in endpoints().items()
	}
	return {
		"openapi": "3.1.0",
		"info": INFO,
		"servers": [{"url": "/"}],
		"security": [{"oauth2": []}, {"apiKey": []}, {"session": []}],
		"paths": paths,
		"components": {
			"schemas": schemas(task, activity),
			"responses": {
				f"E{code}": _json_response(text, ref("Error"), retry_after=code in RETRY_AFTER_CODES)
				for code, text in ERROR_TEXT.items()
			},
			"securitySchemes": SECURITY_SCHEMES,
		},
	}


def _path_item(dotted: str, endpoint: dict[str, Any], task: DocSchema | None) -> dict[str, Any]:
	"""The operations of one endpoint, one per HTTP method it takes."""
	operation, parameters = _operation(dotted, endpoint), parameters_of(dotted, endpoint, task)
	return {
		method.lower(): _method_operation(operation, dotted, method, parameters)
		for method in endpoint["methods"]
	}


def _operation(dotted: str, endpoint: dict[str, Any]) -> dict[str, Any]:
	"""What every method of the endpoint shares: its name, summary, tag and answers."""
	answer, errors = ANSWERS[dotted]
	responses = {
		"200": _json_response("Success", obj({"message": answer})),
		**{str(code): {"$ref": f"#/components/responses/E{code}"} for code in sorted({*errors, *EVERY})},
	}
	operation: dict[str, Any] = {
		"operationId": dotted.replace(".", "_"),
		"summary": endpoint["summary"],
		"tags": [dotted.split(".")[0]],
		"responses": _conditional(responses) if dotted in CONDITIONAL else responses,
	}
	if endpoint["guest"]:
		operation["security"] = [{}]
	return operation


def _method_operation(
	operation: dict[str, Any], dotted: str, method: str, parameters: dict[str, Any]
) -> dict[str, Any]:
	"""`operation` for one HTTP method: its own id, its answer when not wrapped, and its parameters
	(in the query for GET, in the body for POST)."""
	op = dict(operation, operationId=f"{operation['operationId']}_{method.lower()}")
	if method in UNWRAPPED.get(dotted, {}):
		media, schema = UNWRAPPED[dotted][method]
		success = {"description": "Success", "content": {media: {"schema": schema}}}
		op["responses"] = {**operation["responses"], "200": success}
	if method == "GET" and (parameters or dotted in CONDITIONAL):
		op["parameters"] = [
			{"name": name, "in": "query", "required": False, "schema": schema}
			for name, schema in parameters.items()
		] + ([IF_NONE_MATCH] if dotted in CONDITIONAL else [])
	if method == "POST" and parameters:
		body = {"type": "object", "properties": parameters}
		op["requestBody"] = {
			"content": {
				"application/json": {"schema": body},
				"application/x-www-form-urlencoded": {"schema": body},
			}
		}
	return op


IF_NONE_MATCH = {
	"name": "If-None-Match",
	"in": "header",
	"required": False,
	"schema": STR,
	"description": "The ETag of the answer the client holds: 304 when it is still current",
}


def _conditional(responses: dict[str, Any]) -> dict[str, Any]:
	"""An ETag on the answer, and 304 Not Modified (no body) for a current If-None-Match."""
	success = dict(responses["200"])
	success["headers"] = {**success["headers"], "ETag": {"schema": STR}}
	not_modified = {
		"description": "Not Modified: the client's copy is current",
		"headers": {"ETag": {"schema": STR}},
	}
	return {**responses, "200": success, "304": not_modified}


def _json_response(description: str, schema: dict, retry_after: bool = False) -> dict[str, Any]:
	headers = {
		name: {"schema": INT} for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
	}
	if retry_after:
		headers["Retry-After"] = {"schema": INT, "required": True}
	return {
		"description": description,
		"headers": headers,
		"content": {"application/json": {"schema": schema}},
	}


def dump(task: DocSchema | None = None, activity: DocSchema | None = None) -> str:
	return json.dumps(build(task, activity), indent=1, ensure_ascii=False, sort_keys=False) + "\n"


if __name__ == "__main__":
	sys.stdout.write(dump())
