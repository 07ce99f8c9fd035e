"""The agent command router's table and validation."""

import ast
import json
from pathlib import Path

import pytest

from crm.core import agent
from crm.core.errors import InvalidParam

ROOT = Path(__file__).resolve().parent.parent
SEED_COMMANDS = {
	"email.draft": {
		"reference_doctype": "Contact",
		"reference_name": "Fahad",
		"to": "client@example.com",
		"subject": "Follow up",
		"html": "<p>Email content</p>",
		"cc": None,
		"bcc": None,
		"provider_thread_id": None,
	},
	"email.draft_with_provider": {
		"reference_doctype": "Contact",
		"reference_name": "Fahad",
		"to": "client@example.com",
		"subject": "Follow up",
		"html": "<p>Email content</p>",
		"provider": "gmail",
		"provider_message_id": "msg_123",
		"provider_thread_id": "thread_456",
		"cc": None,
		"bcc": None,
	},
	"email.send": {"communication_name": "rX123"},
	"email.link_provider_ids": {
		"communication_name": "rX123",
		"provider": "gmail",
		"provider_message_id": "msg_123",
		"provider_thread_id": "th_456",
	},
}


def error(call):
	with pytest.raises(InvalidParam) as info:
		call()
	return info.value


def test_the_table_has_exactly_the_seed_commands():
	assert sorted(agent.COMMANDS) == sorted(SEED_COMMANDS)


@pytest.mark.parametrize("name", sorted(SEED_COMMANDS))
def test_seed_payloads_resolve_to_all_their_params(name):
	row, kwargs = agent.resolve(name, SEED_COMMANDS[name])
	assert row is agent.COMMANDS[name]
	assert kwargs == SEED_COMMANDS[name]


@pytest.mark.parametrize("name", sorted(SEED_COMMANDS))
def test_params_as_json_string(name):
	_, kwargs = agent.resolve(name, json.dumps(SEED_COMMANDS[name]))
	assert kwargs == SEED_COMMANDS[name]


def test_unknown_command_lists_supported_ones():
	err = error(lambda: agent.resolve("email.delete", {}))
	assert err.field == "command"
	for name in SEED_COMMANDS:
		assert name in str(err)
	assert "email.delete" in str(err)
	assert error(lambda: agent.resolve("", {})).field == "command"
	assert error(lambda: agent.resolve(None, {})).field == "command"


@pytest.mark.parametrize("name", sorted(SEED_COMMANDS))
def test_each_missing_required_param_is_named(name):
	for key in agent.COMMANDS[name].required:
		params = {**SEED_COMMANDS[name], key: None}
		err = error(lambda p=params: agent.resolve(name, p))
		assert err.field == f"params.{key}"
		assert key in str(err) and name in str(err)


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", "3", 7, ["a"]])
def test_params_must_be_an_object(raw):
	assert error(lambda: agent.resolve("email.send", raw)).field == "params"


def test_unknown_params_are_dropped():
	_, kwargs = agent.resolve("email.send", {"communication_name": "c1", "owner": "Administrator"})
	assert kwargs == {"communication_name": "c1"}


def test_every_handler_is_the_function_an_email_endpoint_calls():
	# By AST: each dotted path names a top-level function of crm/email/drafts.py that takes the
	# values as one mapping, and an endpoint of crm/api/email.py that accepts every parameter the
	# command accepts calls that same function: a command and its endpoint cannot drift apart.
	endpoints = ast.parse((ROOT / "crm/api/email.py").read_text())
	calls = {}
	for node in endpoints.body:
		if isinstance(node, ast.FunctionDef):
			for call in ast.walk(node):
				if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
					calls.setdefault(call.func.attr, set()).update(a.arg for a in node.args.args)
	for row in agent.COMMANDS.values():
		module, _, function = row.handler.rpartition(".")
		assert module == "crm.email.drafts", row.handler
		tree = ast.parse((ROOT / "crm/email/drafts.py").read_text())
		fn = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == function)
		assert [a.arg for a in fn.args.args] == ["values"], row.handler
		assert function in calls, f"no crm.api.email endpoint calls {row.handler}"
		assert set(row.accepted) <= calls[function], row.handler
