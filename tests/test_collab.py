"""To-do, notification and comment inputs and answers."""

import pytest

from crm.core import collab, params
from crm.core.errors import InvalidParam


def field_of(call):
	with pytest.raises(InvalidParam) as info:
		call()
	return info.value.field


def test_todo_input_is_an_allow_list():
	fields = collab.clean_todo(
		{
			"description": "<p>Call Fahad</p><script>x()</script>",
			"priority": "high",
			"date": "2026-12-01",
			"reference_type": "Contact",
			"reference_name": "Fahad",
			"owner": "someone@example.com",
			"status": "Closed",
			"name": "forced",
		}
	)
	assert fields == {
		"description": "<p>Call Fahad</p>",
		"status": "Open",
		"priority": "High",
		"date": "2026-12-01",
		"reference_type": "Contact",
		"reference_name": "Fahad",
	}


@pytest.mark.parametrize(
	"values,field",
	[
		({}, "description"),
		({"description": "<script>x()</script>"}, "description"),
		({"description": "x", "priority": "Urgent"}, "priority"),
		({"description": "x", "date": "01/12/2026"}, "date"),
		({"description": "x", "reference_type": "Contact"}, "reference_name"),
		({"description": "x", "reference_name": "Fahad"}, "reference_type"),
	],
)
def test_todo_input_refuses(values, field):
	assert field_of(lambda: collab.clean_todo(values)) == field


def test_statuses_and_flags():
	assert collab.todo_statuses("open,closed") == ["Open", "Closed"]
	assert field_of(lambda: collab.todo_statuses("Done")) == "status"
	assert [params.truthy(v) for v in (1, "1", "true", "on", True)] == [True] * 5
	assert [params.truthy(v) for v in (0, "0", "", None, "no", False)] == [False] * 6


def test_serializers():
	todo = collab.serialize_todo(
		{"name": "t1", "status": "Open", "description": "<p onclick=x>Hi</p>", "date": None}
	)
	assert todo["description"] == "<p>Hi</p>" and todo["date"] is None
	note = collab.serialize_notification({"name": "n1", "subject": "<b>Fahad</b> assigned you", "read": 0})
	assert note["subject"] == "Fahad assigned you" and note["read"] is False
	comment = collab.serialize_comment(
		{"name": "c1", "content": "<img src=x onerror=alert(1)>ok", "owner": "a@x.com"}
	)
	assert comment["content"] == '<img src="x">ok' and comment["comment_by"] == "a@x.com"


def test_comment_content():
	assert collab.clean_comment("<p>Seen the villa</p>") == "<p>Seen the villa</p>"
	assert field_of(lambda: collab.clean_comment("")) == "content"
	assert field_of(lambda: collab.clean_comment("<script>alert(1)</script>")) == "content"
