"""The managers' figures as plain data: sellers, weeks, the weekly chart and the overdue report."""

from datetime import date, datetime, timedelta

import pytest

from crm.core import desk_figures as figures

MONDAY = date(2026, 11, 23)


def row(owner, assigned_to=None, **values):
	return {"owner": owner, "assigned_to": assigned_to, **values}


def test_the_seller_is_the_assignee_or_else_the_creator():
	assert figures.seller_of(row("m@x", "a@x")) == "a@x"
	assert figures.seller_of(row("a@x")) == "a@x"
	assert figures.is_mine(row("m@x", "a@x"), "a@x") and not figures.is_mine(row("m@x", "a@x"), "m@x")


@pytest.mark.parametrize(
	("day", "first_weekday", "start"),
	[
		(MONDAY, 0, MONDAY),
		(MONDAY + timedelta(days=6), 0, MONDAY),
		(MONDAY, 6, MONDAY - timedelta(days=1)),  # weeks from Sunday
		(MONDAY - timedelta(days=1), 6, MONDAY - timedelta(days=1)),
		(MONDAY + timedelta(days=5), 5, MONDAY + timedelta(days=5)),  # from Saturday
	],
)
def test_week_start(day, first_weekday, start):
	assert figures.week_start(day, first_weekday) == start


def test_last_weeks_end_with_this_one_oldest_first():
	weeks = figures.last_weeks(MONDAY + timedelta(days=2), 3)
	assert weeks == [MONDAY - timedelta(weeks=2), MONDAY - timedelta(weeks=1), MONDAY]


@pytest.mark.parametrize(
	("value", "weeks"), [(None, 8), ("", 8), ("x", 8), ("4", 4), (4, 4), (0, 1), (-3, 1), (500, 52)]
)
def test_week_count_is_bounded(value, weeks):
	assert figures.week_count(value) == weeks


def test_done_per_week_counts_each_sellers_tasks_in_their_week():
	weeks = figures.last_weeks(MONDAY, 3)
	rows = [
		row("a@x", completed_on=datetime(2026, 11, 24, 9)),
		row("m@x", "a@x", completed_on="2026-11-09 17:00:00.000000"),
		row("b@x", completed_on=MONDAY),
		row("b@x", completed_on=date(2026, 10, 1)),  # before the chart's weeks
	]
	chart = figures.done_per_week_by_seller(rows, weeks)
	assert chart["labels"] == ["2026-11-09", "2026-11-16", "2026-11-23"]
	assert chart["datasets"] == [
		{"name": "a@x", "values": [1, 0, 1]},
		{"name": "b@x", "values": [0, 0, 1]},
	]


def test_no_done_task_still_draws_a_chart():
	chart = figures.done_per_week_by_seller([], figures.last_weeks(MONDAY, 2))
	assert chart["datasets"] == [{"name": "", "values": [0, 0]}]


def test_overdue_by_seller_counts_priorities_and_keeps_the_oldest_due_date():
	rows = [
		row("a@x", priority="High", due_date=datetime(2026, 11, 20)),
		row("a@x", priority="Low", due_date=datetime(2026, 11, 10)),
		row("m@x", "b@x", priority="Medium", due_date=datetime(2026, 11, 22)),
		row("c@x", priority="Urgent", due_date=datetime(2026, 11, 21)),  # an admin's own priority
	]
	lines = figures.overdue_by_seller(rows)
	assert [line["seller"] for line in lines] == ["a@x", "b@x", "c@x"]
	assert lines[0] == {
		"seller": "a@x",
		"overdue": 2,
		"high": 1,
		"medium": 0,
		"low": 1,
		"oldest_due": datetime(2026, 11, 10),
	}
	assert (lines[2]["overdue"], lines[2]["high"] + lines[2]["medium"] + lines[2]["low"]) == (1, 0)
	chart = figures.overdue_chart(lines)
	assert chart["data"]["labels"] == ["a@x", "b@x", "c@x"]
	assert chart["data"]["datasets"][0] == {"name": "High", "values": [1, 0, 0]}


def test_completed_on_is_kept_while_done_and_dropped_when_reopened():
	now, earlier = datetime(2026, 11, 27, 10), datetime(2026, 11, 20, 9)
	assert figures.completed_on("Done", None, now) == now
	assert figures.completed_on("Done", {"status": "Todo", "completed_on": None}, now) == now
	assert figures.completed_on("Done", {"status": "Done", "completed_on": earlier}, now) == earlier
	assert figures.completed_on("Done", {"status": "Done", "completed_on": None}, now) == now
	assert figures.completed_on("Todo", {"status": "Done", "completed_on": earlier}, now) is None
	assert figures.completed_on("Canceled", None, now) is None
