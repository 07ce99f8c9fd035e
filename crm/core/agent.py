"""The agent command router's table and its input rules.

An agent sends `{"command": "email.draft", "params": {...}}`. Each command is one row of COMMANDS:
the dotted path of the function that runs it (in the Frappe layer, `crm.email.drafts`, the functions `crm.api.email` calls) and the
parameters it requires and accepts. Adding a command is adding a row.
"""

from dataclasses import dataclass
from typing import Any

from crm.core import params
from crm.core.email_drafts import DRAFT_OPTIONAL, DRAFT_REQUIRED, PROVIDER_REQUIRED
from crm.core.errors import InvalidParam
from crm.core.i18n import _


@dataclass(frozen=True)
class Command:
	handler: str  # dotted path of a function taking the params as one mapping
	required: tuple[str, ...] = ()
	optional: tuple[str, ...] = ()

	@property
	def accepted(self) -> tuple[str, ...]:
		return (*self.required, *self.optional)


COMMANDS: dict[str, Command] = {
	"email.draft": Command(
		handler="crm.email.drafts.save",
		required=DRAFT_REQUIRED,
		optional=DRAFT_OPTIONAL,
	),
	"email.draft_with_provider": Command(
		handler="crm.email.drafts.save_with_provider",
		required=(*DRAFT_REQUIRED, *PROVIDER_REQUIRED),
		optional=("html", "cc", "bcc", "provider_thread_id"),
	),
	"email.send": Command(handler="crm.email.drafts.approve", required=("communication_name",)),
	"email.link_provider_ids": Command(
		handler="crm.email.drafts.link_ids",
		required=("communication_name", "provider"),
		optional=("provider_message_id", "provider_thread_id"),
	),
}


def supported() -> list[str]:
	return sorted(COMMANDS)


def resolve(command: object, raw_params: object) -> tuple[Command, dict[str, Any]]:
	"""The command's row and its keyword arguments, or `InvalidParam` naming what is wrong.

	`raw_params` may be an object or a JSON string of one. Parameters the command does not accept
	are dropped, so a newer agent can send more than an older server knows about.
	"""
	name = command.strip() if isinstance(command, str) else ""
	if not name:
		raise InvalidParam(
			"command", "command", _("{label} is required. Supported commands: {allowed}"), allowed=supported()
		)
	row = COMMANDS.get(name)
	if row is None:
		raise InvalidParam(
			"command",
			"command",
			_("Unknown command {value}. Supported commands: {allowed}"),
			value=name[:80],
			allowed=supported(),
		)
	values = parse_params(raw_params)
	for key in row.required:
		if params.is_blank(values.get(key)):
			raise InvalidParam(
				f"params.{key}", key, _("{label} is required by command {command}"), command=name
			)
	return row, {key: values[key] for key in row.accepted if key in values}


def parse_params(raw: object) -> dict[str, Any]:
	"""`params` as a dict: an object, a JSON string of an object, or nothing (an empty dict)."""
	return params.json_object(raw, "params")
