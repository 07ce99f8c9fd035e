import json
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.core import tasks
from crm.core.errors import InvalidParam

from .contract import TASK_DETAIL_KEYS, TASK_LIST_KEYS, TASK_PRIORITIES, TASK_STATUSES, TASK_TYPES


def test_allowed_values_come_from_the_doctype_and_match_the_contract():
	assert tasks.task_types() == TASK_TYPES
	assert tasks.statuses() == TASK_STATUSES
	assert tasks.priorities() == TASK_PRIORITIES
	assert tasks.default("status") == "Todo"
	assert tasks.default("priority") == "Medium"


def test_priority_rank_orders_by_meaning():
	assert (
		tasks.priority_rank("High")
		> tasks.priority_rank("Medium")
		> tasks.priority_rank("Low")
		> tasks.priority_rank(None)
	)


def test_field_sets_match_the_contract():
	assert tasks.LIST_FIELDS == TASK_LIST_KEYS
	assert tasks.DETAIL_FIELDS == TASK_DETAIL_KEYS


def test_create_requires_title_and_type():
	with pytest.raises(InvalidParam) as caught:
		tasks.clean_task_input({"task_type": "Call"}, creating=True)
	assert str(caught.value) == "Task title is required"
	with pytest.raises(InvalidParam) as caught:
		tasks.clean_task_input({"title": "x"}, creating=True)
	assert caught.value.field == "task_type"


@pytest.mark.parametrize(
	("values", "field"),
	[
		({"title": "x", "task_type": "General"}, "task_type"),
		({"title": "x", "task_type": "Call", "status": "Completed"}, "status"),
		({"title": "x", "task_type": "Call", "priority": "Urgent"}, "priority"),
		({"title": "x", "task_type": "Call", "start_date": "2025-13-45"}, "start_date"),
		({"title": "x", "task_type": "Call", "due_date": "2025-13-45 10:00:00"}, "due_date"),
		({"title": "   ", "task_type": "Call"}, "title"),
		({"title": "", "task_type": "Call"}, "title"),
		({"title": "x" * 141, "task_type": "Call"}, "title"),
		({"title": "x", "task_type": "Call", "reference_docname": "C-1"}, "reference_doctype"),
	],
)
def test_bad_values_are_refused_naming_the_field(values, field):
	with pytest.raises(InvalidParam) as caught:
		tasks.clean_task_input(values, creating=True)
	assert caught.value.field == field


def test_create_cleans_values():
	clean = tasks.clean_task_input(
		{
			"title": " Meeting with client ",
			"task_type": "meeting",
			"priority": "high",
			"start_date": "2025-12-05",
			"due_date": "2025-12-05 16:00",
		},
		creating=True,
	)
	assert clean == {
		"title": "Meeting with client",
		"task_type": "Meeting",
		"priority": "High",
		"start_date": date(2025, 12, 5),
		"due_date": datetime(2025, 12, 5, 16),
	}


def test_edit_touches_only_what_was_sent_and_blank_clears_optional_fields():
	assert tasks.clean_task_input({"priority": "Medium", "title": None}, creating=False) == {
		"priority": "Medium"
	}
	assert tasks.clean_task_input({"due_date": "", "assigned_to": "", "description": ""}, creating=False) == {
		"due_date": None,
		"assigned_to": None,
		"description": None,
	}


@pytest.mark.parametrize("field", ["title", "task_type", "status", "priority"])
def test_edit_cannot_clear_required_fields(field):
	with pytest.raises(InvalidParam):
		tasks.clean_task_input({field: ""}, creating=False)


def test_mass_assignment_is_ignored():
	clean = tasks.clean_task_input(
		{
			"title": "x",
			"task_type": "Call",
			"owner": "evil@example.com",
			"docstatus": 2,
			"name": 1,
			"creation": "2020-01-01",
			"priority_rank": 99,
		},
		creating=True,
	)
	assert set(clean) == {"title", "task_type"}


def test_serializer_list_shape():
	row = {
		"name": "105",
		"title": "Mobile QA",
		"status": "Todo",
		"priority": "Medium",
		"task_type": "Call",
		"start_date": date(2025, 12, 3),
		"modified": datetime(2025, 12, 3, 15, 25, 8, 452656),
		"due_date": None,
		"assigned_to": "",
		"description": "<p>secret</p>",
		"owner": "x@example.com",
	}
	result = tasks.serialize_task(row)
	assert tuple(result) == TASK_LIST_KEYS
	assert result == {
		"name": 105,
		"title": "Mobile QA",
		"status": "Todo",
		"priority": "Medium",
		"task_type": "Call",
		"start_date": "2025-12-03",
		"due_date": None,
		"assigned_to": None,
		"modified": "2025-12-03 15:25:08.452656",
	}
	json.dumps(result)  # JSON-ready


def test_serializer_detail_shape_and_datetime_without_microseconds():
	result = tasks.serialize_task(
		{"name": 7, "due_date": datetime(2025, 12, 5, 16), "description": "d"}, detail=True
	)
	assert tuple(result) == TASK_DETAIL_KEYS
	assert result["due_date"] == "2025-12-05 16:00:00"
	assert result["description"] == "d"
	assert result["start_date"] is None


def test_serializer_passes_database_strings_through():
	result = tasks.serialize_task({"name": 1, "start_date": "2025-12-03", "due_date": "2025-12-05 16:00:00"})
	assert result["start_date"] == "2025-12-03"
	assert result["due_date"] == "2025-12-05 16:00:00"


def test_idempotency_digest_is_per_user_and_hides_the_key():
	from crm.core.tasks import idempotency_digest

	first = idempotency_digest("a@example.com", "retry-123")
	assert first == idempotency_digest("a@example.com", " retry-123 ")
	assert first != idempotency_digest("b@example.com", "retry-123")
	assert "retry" not in first and len(first) == 40
	assert idempotency_digest("a@example.com", None) is None
	assert idempotency_digest("a@example.com", "") is None


def test_stale_modified_compares_instants():
	from datetime import datetime

	from crm.core.tasks import is_stale

	stored = datetime(2026, 11, 23, 10, 0, 0, 123456)
	assert not is_stale("2026-11-23 10:00:00.123456", stored)
	assert not is_stale("2026-11-23T10:00:00.123456", stored)
	assert is_stale("2026-11-23 10:00:00", stored)
	assert is_stale("2026-11-23 09:59:59.123456", stored)
	with pytest.raises(InvalidParam):
		is_stale("yesterday", stored)
	# The same instant with an offset, on a site in Riyadh (UTC+3), where 10:00 is stored.
	assert not is_stale("2026-11-23T07:00:00.123456Z", stored, "Asia/Riyadh")
	assert not is_stale("2026-11-23T10:00:00.123456+03:00", stored, "Asia/Riyadh")
	assert is_stale("2026-11-23T10:00:00.123456Z", stored, "Asia/Riyadh")


def test_times_kept_as_text_are_spelled_as_other_databases_give_them():
	row = {"name": "7", "due_date": "2026-11-27 00:00:00.000000", "modified": "2026-11-27 09:30:00.250000"}
	task = tasks.serialize_task(row)
	assert task["due_date"] == "2026-11-27 00:00:00"
	assert task["modified"] == "2026-11-27 09:30:00.250000"


@given(st.datetimes(min_value=datetime(1000, 1, 1)))
def test_a_time_sent_as_text_is_spelled_as_the_time_itself(moment):
	"""MariaDB sends a column cast as text with six digits; Frappe keeps one in SQLite as `str`."""
	spelled = tasks.serialize_task({"modified": moment})["modified"]
	for text in (moment.strftime("%Y-%m-%d %H:%M:%S.%f"), str(moment)):
		assert tasks.serialize_task({"modified": text})["modified"] == spelled


def test_a_time_as_text_in_another_spelling_is_spelled_as_the_others():
	assert tasks.serialize_task({"due_date": "2026-11-27T09:30:00"})["due_date"] == "2026-11-27 09:30:00"
	assert tasks.serialize_task({"due_date": "not a time"})["due_date"] == "not a time"


def test_a_deleted_task_is_reported_to_its_owner_and_assignee_only():
	stored = json.dumps({"owner": "a@x.com", "assigned_to": "b@x.com", "title": "t"})
	assert tasks.was_visible_to(stored, "a@x.com")
	assert tasks.was_visible_to(stored, "b@x.com")
	assert not tasks.was_visible_to(stored, "c@x.com")
	assert not tasks.was_visible_to("not json", "a@x.com")
	assert not tasks.was_visible_to(None, "a@x.com")


@given(st.text(), st.text(), st.text())
def test_every_stored_task_a_user_could_see_mentions_them_as_the_pattern_says(owner, assignee, other):
	"""Deleted Document keeps the task as Frappe's JSON (indented, keys sorted, non-ASCII escaped):
	the pattern's text is in it whenever the user owned the task or was assigned it."""
	stored = json.dumps({"owner": owner, "assigned_to": assignee, "title": other}, indent=1, sort_keys=True)
	for user in (owner, assignee):
		assert tasks.stored_mention(user)[1:-1] in stored
		assert tasks.was_visible_to(stored, user)
