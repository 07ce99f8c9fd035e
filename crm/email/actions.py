"""The email actions, each answering exactly what its `crm.api.email` endpoint answers.

`crm.api.email` and the agent router (`crm.core.agent.COMMANDS`) both call these, so a command and
its endpoint cannot drift apart. Core parses and raises `InvalidParam` (417, naming the field);
`crm.email.drafts` checks permissions and writes.
"""

from typing import Any

from crm.core import email_drafts, params
from crm.email import drafts


def draft(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	to: Any = None,
	subject: str | None = None,
	html: str | None = None,
	cc: Any = None,
	bcc: Any = None,
	provider_thread_id: str | None = None,
) -> str:
	"""A new draft; answers its Communication name."""
	return drafts.create_draft(email_drafts.parse_draft(dict(locals())))


def draft_with_provider(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	to: Any = None,
	subject: str | None = None,
	html: str | None = None,
	provider: str | None = None,
	provider_message_id: str | None = None,
	provider_thread_id: str | None = None,
	cc: Any = None,
	bcc: Any = None,
) -> dict[str, str]:
	"""A new draft linked to the provider's message (or the one already linked to it)."""
	name = drafts.create_draft(email_drafts.parse_draft(dict(locals()), with_provider=True))
	return {"communication_name": name}


def send(communication_name: str | None = None) -> dict[str, bool]:
	drafts.send(_name(communication_name))
	return {"ok": True}


def link_provider_ids(
	communication_name: str | None = None,
	provider: str | None = None,
	provider_message_id: str | None = None,
	provider_thread_id: str | None = None,
) -> dict[str, bool]:
	ids = email_drafts.provider_ids(dict(locals()), required=True)
	drafts.link_provider_ids(
		_name(communication_name), ids.provider, ids.provider_message_id, ids.provider_thread_id
	)
	return {"ok": True}


def update_draft(
	communication_name: str | None = None,
	to: Any = None,
	cc: Any = None,
	bcc: Any = None,
	subject: str | None = None,
	html: str | None = None,
) -> dict[str, Any]:
	changes = email_drafts.parse_edit(
		{key: value for key, value in locals().items() if key != "communication_name"}
	)
	doc = drafts.update_draft(_name(communication_name), changes)
	return email_drafts.serialize(doc.as_dict())


def retry_send(communication_name: str | None = None) -> dict[str, bool]:
	drafts.retry(_name(communication_name))
	return {"ok": True}


def discard_draft(communication_name: str | None = None) -> dict[str, bool]:
	drafts.discard_draft(_name(communication_name))
	return {"ok": True}


def _name(value: object) -> str:
	return params.text(value, "communication_name", "communication_name", 140, required=True)
