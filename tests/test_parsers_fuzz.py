"""Every core parser under hypothesis: any value a client can send either parses or is refused
with InvalidParam (answered 417). Nothing else may escape, because anything else would be a 500."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.core import (
	activities,
	agent,
	collab,
	contacts,
	email_accounts,
	email_drafts,
	params,
	phones,
	task_queries,
	tasks,
	users,
	whatsapp,
	whatsapp_inbound,
)
from crm.core import settings as crm_settings
from crm.core.errors import InvalidParam

# What a JSON body or a query string can carry.
scalars = st.one_of(
	st.none(),
	st.booleans(),
	st.integers(min_value=-(2**80), max_value=2**80),
	st.floats(allow_nan=True, allow_infinity=True),
	st.text(max_size=60),
	st.sampled_from(
		[
			"",
			" ",
			"0",
			"1",
			"-1",
			"2026-11-23",
			"2026-02-30",
			"High",
			"Todo",
			"Call",
			"Contact",
			"+966501234567",
		]
	),
)
values = st.recursive(
	scalars,
	lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
	max_leaves=6,
)
FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def parses_or_refuses(fn, *args, **kwargs):
	try:
		fn(*args, **kwargs)
	except InvalidParam as error:
		assert error.field and error.render()


def body(keys):
	return st.fixed_dictionaries({}, optional={key: values for key in keys})


@FUZZ
@given(values, values)
def test_param_parsers(value, other):
	for fn in (params.to_int, params.truthy, params.is_blank):
		fn(value)
	params.positive_int(value, 5, 100)
	params.page_and_limit(value, other)
	parses_or_refuses(params.choice, value, "status", "Status", ("Todo", "Done"))
	parses_or_refuses(params.choice_set, value, "status", "Status", ("Todo", "Done"))
	parses_or_refuses(params.parse_date, value, "date_from", "Date From")
	parses_or_refuses(params.parse_datetime, value, "due_date", "Due Date", "Asia/Riyadh")
	parses_or_refuses(params.record_id, value, other)
	parses_or_refuses(params.text, value, "title", "Title", 140)
	parses_or_refuses(params.json_object, value, "params")
	parses_or_refuses(params.boolean, value, "flag")
	parses_or_refuses(params.reference_pair, {"a": value, "b": other}, "a", "b")


@FUZZ
@given(body(tasks.WRITABLE_FIELDS), st.booleans(), values)
def test_task_input_and_order_by(payload, creating, order_by):
	parses_or_refuses(tasks.clean_task_input, payload, creating=creating, site_tz="Asia/Riyadh")
	parses_or_refuses(task_queries.parse_order_by, order_by)


@FUZZ
@given(
	body(
		(
			*email_drafts.DRAFT_REQUIRED,
			*email_drafts.DRAFT_OPTIONAL,
			*email_drafts.PROVIDER_REQUIRED,
		)
	),
	values,
	values,
)
def test_email_and_agent_parsers(payload, command, raw_params):
	parses_or_refuses(email_drafts.parse_draft, payload)
	parses_or_refuses(email_drafts.parse_draft, payload, with_provider=True)
	parses_or_refuses(email_drafts.parse_edit, payload)
	parses_or_refuses(email_drafts.parse_addresses, payload.get("to"), "to")
	parses_or_refuses(agent.resolve, command, raw_params)
	parses_or_refuses(agent.parse_params, raw_params)
	parses_or_refuses(
		email_accounts.clean_email_account, payload | {"email_id": command, "smtp_port": raw_params}
	)


@FUZZ
@given(
	body(tuple(dict.fromkeys((*contacts.CONTACT_FIELDS, *contacts.ORGANIZATION_FIELDS)))),
	st.booleans(),
)
def test_contact_and_organization_parsers(payload, creating):
	parses_or_refuses(contacts.clean_contact, payload, creating=creating)
	parses_or_refuses(contacts.clean_organization, payload, creating=creating)
	parses_or_refuses(contacts.search_filters, payload.get("first_name"), ("first_name",))


@FUZZ
@given(
	body(
		tuple(
			dict.fromkeys(
				(
					"reference_doctype",
					"reference_name",
					*activities.FIELDS,
					*(field for field in collab.TODO_FIELDS if field not in ("name", "modified")),
				)
			)
		)
	),
	st.booleans(),
	values,
)
def test_activity_todo_comment_settings_parsers(payload, creating, content):
	parses_or_refuses(activities.clean_activity, payload, creating=creating, site_tz="Asia/Riyadh")
	parses_or_refuses(collab.clean_todo, payload)
	parses_or_refuses(collab.todo_statuses, content)
	parses_or_refuses(collab.clean_comment, content)
	parses_or_refuses(crm_settings.clean_update, {name: content for name in crm_settings.field_names()[:8]})
	users.auth_method(content if isinstance(content, str) else None)
	users.parse_expiry(content if isinstance(content, str) else None)


@FUZZ
@given(body(("to", "message", "template", "template_language", "template_params")), values)
def test_whatsapp_parsers(payload, raw):
	parses_or_refuses(whatsapp.parse_outgoing, payload, "SA", "en_US")
	parses_or_refuses(phones.normalize, raw, "to", "To")
	phones.try_normalize(raw)
	phones.from_wa_id(raw)


@FUZZ
@given(values)
def test_whatsapp_webhook_bodies_never_raise(payload):
	document = payload if isinstance(payload, dict) else {"entry": payload}
	whatsapp_inbound.parse(document, "123")
	whatsapp_inbound.parse(json.loads(json.dumps(document, default=str)), None)
	whatsapp_inbound.verify_challenge(document, "token")
