"""Activity input and the merged timeline."""

import pytest

from crm.core import activities
from crm.core.errors import InvalidParam

BASE = {
	"reference_doctype": "Contact",
	"reference_name": "Fahad",
	"activity_type": "call",
	"subject": "Intro  call",
}


def field_of(call):
	with pytest.raises(InvalidParam) as info:
		call()
	return info.value.field


def test_create_input():
	cleaned = activities.clean_activity(
		{
			**BASE,
			"activity_date": "2026-11-20T09:30:00+03:00",
			"duration_minutes": "15",
			"outcome": "positive",
			"notes": "<p>ok</p><script>x</script>",
			"owner": "x",
		},
		creating=True,
		site_tz="Asia/Riyadh",
	)
	assert cleaned == {
		"activity_type": "Call",
		"subject": "Intro call",
		"activity_date": "2026-11-20 09:30:00",
		"duration_minutes": 15,
		"outcome": "Positive",
		"notes": "<p>ok</p>",
		"reference_doctype": "Contact",
		"reference_name": "Fahad",
	}


@pytest.mark.parametrize(
	"values,field",
	[
		({**BASE, "activity_type": "Lunch"}, "activity_type"),
		({**BASE, "subject": " "}, "subject"),
		({**BASE, "duration_minutes": -5}, "duration_minutes"),
		({**BASE, "duration_minutes": 5000}, "duration_minutes"),
		({**BASE, "outcome": "Great"}, "outcome"),
		({**BASE, "activity_date": "yesterday"}, "activity_date"),
		({k: v for k, v in BASE.items() if k != "reference_name"}, "reference_name"),
		({k: v for k, v in BASE.items() if k != "activity_type"}, "activity_type"),
	],
)
def test_refusals(values, field):
	assert field_of(lambda: activities.clean_activity(values, creating=True)) == field


def test_update_ignores_the_reference_and_absent_fields():
	assert activities.clean_activity(
		{"reference_name": "Other", "outcome": "", "subject": None}, creating=False
	) == {"outcome": ""}


def item(kind, name, timestamp):
	return activities.timeline_item(kind, name, timestamp, "", None)


def test_merge_is_newest_first_and_paged():
	a = [item("activity", "a1", "2026-01-03 10:00:00"), item("activity", "a2", "2026-01-01 10:00:00")]
	c = [item("comment", "c1", "2026-01-02 10:00:00")]
	e = [item("email", "e1", "2026-01-04 10:00:00"), item("email", "e2", "2026-01-01 09:00:00")]
	everything = activities.merge_newest_first([a, c, e], 1, 10)
	assert [i["name"] for i in everything] == ["e1", "a1", "c1", "a2", "e2"]
	assert [i["name"] for i in activities.merge_newest_first([a, c, e], 2, 2)] == ["c1", "a2"]
	assert activities.merge_newest_first([a, c, e], 4, 2) == []


def test_task_change_item():
	entry = activities.task_change_item(
		{"name": "v1", "docname": "7", "creation": "2026-01-01", "owner": "a"},
		[["status", "Todo", "Done"], ["bad"]],
		"Visit",
	)
	assert entry["type"] == "task_change" and entry["title"] == "Visit"
	assert entry["data"] == {"task": "7", "changes": [{"field": "status", "from": "Todo", "to": "Done"}]}
