"""The WhatsApp Cloud API (Meta Graph API `/{phone_number_id}/messages`): what the app sends.

`send` posts one text or template message and answers the provider's message id, or raises
`GraphError` whose `kind` says what went wrong in terms a person can act on: the token is bad, the
recipient is not on WhatsApp, the 24-hour customer-service window is closed so only a template may
be sent, the provider is rate limiting, it timed out. Each kind has the HTTP status the app's API
answers with (`STATUS`). The inbound side (webhook bodies and statuses) is in `whatsapp_inbound`.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from crm import __version__
from crm.core import params, phones
from crm.core.errors import InvalidParam
from crm.core.i18n import _

GRAPH_URL = "https://graph.facebook.com"
DEFAULT_VERSION = "v21.0"
MAX_TEXT = 4096  # WhatsApp's limit on a text message body
CONNECT_TIMEOUT = 5.0
USER_AGENT = f"crm-whatsapp/{__version__}"
_VERSION_RE = re.compile(r"^v\d{1,3}\.\d{1,2}$")
_TEMPLATE_RE = re.compile(r"^[a-z0-9_]{1,512}$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{2,4})?$")

# Graph error codes -> kind. Codes from Meta's Cloud API error reference.
_CODES = {
	0: "auth",
	190: "auth",
	3: "permission",
	10: "permission",
	4: "rate_limited",
	613: "rate_limited",
	80007: "rate_limited",
	130429: "rate_limited",
	131048: "rate_limited",
	131056: "rate_limited",
	131026: "not_on_whatsapp",
	131047: "outside_window",
	131030: "recipient_not_allowed",
	100: "invalid_request",
	131008: "invalid_request",
	131009: "invalid_request",
	131051: "invalid_request",
	368: "account_blocked",
	131031: "account_blocked",
	131042: "account_blocked",
	133010: "account_blocked",
	131000: "provider_error",
	131016: "provider_error",
}

# What each kind means to the person who sent the message.
REASONS = {
	"auth": _("The WhatsApp access token is invalid or has expired; update it in CRM Settings"),
	"permission": _("The WhatsApp access token may not send messages from this phone number"),
	"rate_limited": _("WhatsApp is limiting how fast messages are sent; try again in a minute"),
	"not_on_whatsapp": _("The recipient is not on WhatsApp or cannot receive messages"),
	"outside_window": _(
		"More than 24 hours have passed since the customer last wrote: only a template message may be sent"
	),
	"recipient_not_allowed": _(
		"This WhatsApp test number may only send to the recipients listed in Meta's app"
	),
	"invalid_request": _("WhatsApp rejected the message as invalid"),
	"template": _("WhatsApp rejected the template: check its name, language and parameters"),
	"account_blocked": _("The WhatsApp Business account cannot send messages right now"),
	"provider_error": _("WhatsApp could not send the message; try again"),
	"timeout": _("WhatsApp did not answer in time; the message may not have been sent"),
	"unreachable": _("WhatsApp could not be reached"),
}

# The HTTP status the app answers with, per kind: the client can fix 417s, 429 is upstream
# throttling, 502/504 are failures of the provider or its configuration (never a 500).
STATUS = {
	"not_on_whatsapp": 417,
	"outside_window": 417,
	"recipient_not_allowed": 417,
	"invalid_request": 417,
	"template": 417,
	"rate_limited": 429,
	"timeout": 504,
}
RETRY_AFTER_SECONDS = 60


class GraphError(Exception):
	"""A message the Cloud API did not accept. `kind` is a key of REASONS; `code` Graph's code."""

	def __init__(self, kind: str, code: int | None = None, detail: str = "") -> None:
		self.kind, self.code, self.detail = kind, code, detail
		super().__init__(self.reason())

	@property
	def status(self) -> int:
		return STATUS.get(self.kind, 502)

	def reason(self, translate=lambda text: text) -> str:
		"""The stored and shown reason: the kind's sentence, then Graph's own words and code."""
		text = translate(REASONS[self.kind])
		extra = ", ".join(
			part for part in (self.detail, f"#{self.code}" if self.code is not None else "") if part
		)
		return f"{text} ({extra})" if extra else text


def failed_values(error: GraphError) -> dict[str, str]:
	"""What a message that could not be sent stores: status Failed, the reason and the code."""
	return {
		"status": "Failed",
		"failure_reason": error.reason(),
		"error_code": str(error.code) if error.code is not None else error.kind,
	}


@dataclass(frozen=True)
class Config:
	access_token: str
	phone_number_id: str
	api_version: str = DEFAULT_VERSION
	base_url: str = GRAPH_URL
	timeout: float = 10.0

	@property
	def messages_url(self) -> str:
		return f"{self.base_url.rstrip('/')}/{self.api_version}/{self.phone_number_id}/messages"


@dataclass(frozen=True)
class Sent:
	message_id: str
	wa_id: str | None


def api_version(value: object, field: str = "whatsapp_api_version", label: str = "Graph API Version") -> str:
	text = str(value or "").strip()
	if not _VERSION_RE.match(text):
		raise InvalidParam(field, label, _("{label} must look like v21.0"))
	return text


def language_code(value: object, field: str = "template_language", label: str = "Template Language") -> str:
	text = str(value or "").strip()
	if not _LANGUAGE_RE.match(text):
		raise InvalidParam(field, label, _("{label} must be a language code such as en_US or ar"))
	return text


# Outgoing messages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
	"""A checked send request: E.164 recipient, the text or template, and what the log stores."""

	to: str
	body: str | None
	template: str | None = None
	language: str | None = None
	components: tuple = ()

	@property
	def message_type(self) -> str:
		return "template" if self.template else "text"

	def payload(self) -> dict[str, Any]:
		"""The exact JSON body for `/messages`."""
		base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": phones.wa_id(self.to)}
		if not self.template:
			return base | {"type": "text", "text": {"preview_url": False, "body": self.body}}
		template: dict[str, Any] = {"name": self.template, "language": {"code": self.language}}
		if self.components:
			template["components"] = list(self.components)
		return base | {"type": "template", "template": template}


def parse_outgoing(values: Mapping[str, Any], default_region: str, default_language: str) -> Outgoing:
	"""`to`, `message` and `template` of `send_message`, checked before anything is stored or sent.

	`template` is a template name, or an object {name, language, components} as Graph takes it;
	`template_language` and `template_params` (body parameters, a list) are the short form."""
	to = phones.normalize(values.get("to"), "to", "To", default_region)
	message = params.text(values.get("message"), "message", "Message")
	template = values.get("template")
	if params.is_blank(template):
		if not message:
			raise InvalidParam("message", "Message", _("{label} is required"))
		if len(message) > MAX_TEXT:
			raise InvalidParam(
				"message", "Message", _("{label} is longer than {max} characters"), max=MAX_TEXT
			)
		return Outgoing(to=to, body=message)
	spec = _template_spec(template)
	name = str(spec.get("name") or "").strip()
	if not _TEMPLATE_RE.match(name):
		raise InvalidParam(
			"template", "Template", _("{label} must be a template name of lower-case letters, digits and _")
		)
	language = spec.get("language")
	if isinstance(language, Mapping):
		language = language.get("code")
	language = language_code(language or values.get("template_language") or default_language)
	components = spec.get("components") or _body_components(values.get("template_params"))
	if not isinstance(components, list | tuple) or not all(isinstance(c, Mapping) for c in components):
		raise InvalidParam("template", "Template", _("{label} components must be a list of objects"))
	return Outgoing(to=to, body=message, template=name, language=language, components=tuple(components))


def _template_spec(template: object) -> Mapping[str, Any]:
	if isinstance(template, Mapping):
		return template
	text = str(template).strip()
	if text.startswith("{"):
		return params.json_object(text, "template", "Template")
	return {"name": text}


def _body_components(raw: object) -> list[dict[str, Any]]:
	if params.is_blank(raw):
		return []
	values = raw
	if isinstance(raw, str):
		try:
			values = json.loads(raw)
		except ValueError:
			values = [raw]
	if not isinstance(values, list) or not all(isinstance(v, str | int | float) for v in values):
		raise InvalidParam("template_params", "Template Parameters", _("{label} must be a list of texts"))
	return [{"type": "body", "parameters": [{"type": "text", "text": str(v)} for v in values]}]


# The request --------------------------------------------------------------------------------


def send(config: Config, payload: Mapping[str, Any], session: requests.Session | None = None) -> Sent:
	"""POST one message; the provider's message id, or GraphError."""
	http = session or requests
	try:
		response = http.post(
			config.messages_url,
			json=payload,
			headers={
				"Authorization": f"Bearer {config.access_token}",
				"Content-Type": "application/json",
				"User-Agent": USER_AGENT,
			},
			timeout=(CONNECT_TIMEOUT, config.timeout),
			allow_redirects=False,
		)
	except requests.Timeout:
		raise GraphError("timeout", detail=f"{config.timeout:g} s") from None
	except requests.RequestException as error:
		raise GraphError("unreachable", detail=type(error).__name__) from None
	body = _json(response)
	if response.status_code >= 300 or "error" in body:
		raise error_from(response.status_code, body)
	messages = body.get("messages") or [{}]
	message_id = messages[0].get("id") if isinstance(messages[0], Mapping) else None
	if not message_id:
		raise GraphError("provider_error", detail="no message id in the answer")
	contacts = body.get("contacts") or [{}]
	wa_id = contacts[0].get("wa_id") if isinstance(contacts[0], Mapping) else None
	return Sent(message_id=str(message_id), wa_id=str(wa_id) if wa_id else None)


def error_from(status_code: int, body: Mapping[str, Any]) -> GraphError:
	"""The GraphError for an error answer (`{"error": {"code", "message", "error_data": …}}`)."""
	error = body.get("error") if isinstance(body.get("error"), Mapping) else {}
	code = params.to_int(error.get("code"))
	details = (
		error.get("error_data", {}).get("details") if isinstance(error.get("error_data"), Mapping) else None
	)
	detail = str(details or error.get("message") or f"HTTP {status_code}")[:300]
	return GraphError(kind_of(code, status_code), code, detail)


def kind_of(code: int | None, status_code: int | None = None) -> str:
	"""The kind of a Graph error code (or of the HTTP status when there is no code)."""
	if code in _CODES:
		return _CODES[code]
	if code is not None and 132000 <= code < 133000:
		return "template"
	if code is not None and 200 <= code < 300:
		return "permission"
	if status_code == 429:
		return "rate_limited"
	if status_code in (401,):
		return "auth"
	if status_code is not None and 400 <= status_code < 500 and code is not None:
		return "invalid_request"
	return "provider_error"


def _json(response: requests.Response) -> dict[str, Any]:
	try:
		body = response.json()
	except ValueError:
		return {}
	return body if isinstance(body, dict) else {}


# The stored message, as the API answers it -----------------------------------------------------

DOCTYPE = "CRM WhatsApp Message"
FIELDS = (
	"name",
	"direction",
	"status",
	"message_type",
	"from_number",
	"to_number",
	"profile_name",
	"body",
	"template",
	"template_language",
	"media_id",
	"media_mime_type",
	"reply_to",
	"contact",
	"reference_doctype",
	"reference_name",
	"provider_message_id",
	"message_time",
	"delivered_at",
	"read_at",
	"failed_at",
	"failure_reason",
	"error_code",
	"owner",
	"creation",
	"modified",
)
_STAMPS = ("message_time", "delivered_at", "read_at", "failed_at", "creation", "modified")


def record_filters(doctype: str, name: str) -> dict[str, str]:
	"""The messages of a record: a Contact's are those linked to it, any other record's those
	referring to it."""
	if doctype == "Contact":
		return {"contact": name}
	return {"reference_doctype": doctype, "reference_name": name}


def serialize(row: Mapping[str, Any]) -> dict[str, Any]:
	"""A message: `from`/`to` in E.164, datetimes as text, blanks as null."""
	answer: dict[str, Any] = {}
	for name in FIELDS:
		value = row.get(name)
		if value == "":
			value = None
		elif name in _STAMPS and value is not None:
			value = str(value)
		answer[{"from_number": "from", "to_number": "to"}.get(name, name)] = value
	return answer
