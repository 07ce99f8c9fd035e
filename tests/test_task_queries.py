import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.core import task_queries as q
from crm.core.errors import InvalidParam

from .contract import TASK_LIST_KEYS
from .spec_eval import matches

TODAY = date(2025, 12, 3)
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


def task(**values):
	return {"status": "Todo", "start_date": None, "due_date": None} | values


# --- "today" in the site's time zone -------------------------------------------------------


@pytest.mark.parametrize(
	("utc", "tz", "expected"),
	[
		(datetime(2025, 12, 3, 20, 59, 59, tzinfo=timezone.utc), "Asia/Riyadh", date(2025, 12, 3)),
		(datetime(2025, 12, 3, 21, 0, 0, tzinfo=timezone.utc), "Asia/Riyadh", date(2025, 12, 4)),
		(datetime(2025, 12, 3, 4, 59, 59, tzinfo=timezone.utc), "America/New_York", date(2025, 12, 2)),
		(datetime(2025, 12, 3, 5, 0, 0, tzinfo=timezone.utc), "America/New_York", date(2025, 12, 3)),
		(datetime(2025, 7, 3, 4, 0, 0, tzinfo=timezone.utc), "America/New_York", date(2025, 7, 3)),  # EDT
		(datetime(2025, 12, 3, 10, 30, tzinfo=timezone.utc), "Asia/Kolkata", date(2025, 12, 3)),
		(datetime(2025, 12, 3, 18, 30, tzinfo=timezone.utc), "Asia/Kolkata", date(2025, 12, 4)),
		(datetime(2025, 12, 31, 23, 59, tzinfo=timezone.utc), None, date(2025, 12, 31)),
		(datetime(2025, 12, 31, 23, 59), "Asia/Dubai", date(2026, 1, 1)),  # naive means UTC
	],
)
def test_site_today_follows_the_site_time_zone(utc, tz, expected):
	assert q.site_today(utc, tz) == expected


# --- buckets around midnight ---------------------------------------------------------------


@pytest.mark.parametrize(
	("values", "bucket"),
	[
		({"start_date": TODAY}, "today"),
		({"due_date": datetime(2025, 12, 3, 0, 0, 0)}, "today"),
		({"due_date": datetime(2025, 12, 3, 23, 59, 59, 999999)}, "today"),
		({"due_date": datetime(2025, 12, 2, 23, 59, 59)}, "late"),
		({"due_date": datetime(2025, 12, 4, 0, 0, 0)}, None),
		({"start_date": TOMORROW}, "upcoming"),
		({"start_date": YESTERDAY}, None),
		({"start_date": YESTERDAY, "due_date": datetime(2025, 12, 3, 9)}, "today"),
		({"start_date": TOMORROW, "due_date": datetime(2025, 12, 1, 9)}, "late upcoming"),
		({"due_date": datetime(2025, 11, 1, 9), "status": "Done"}, None),
		({"due_date": datetime(2025, 11, 1, 9), "status": "Canceled"}, None),
		({"due_date": datetime(2025, 11, 1, 9), "status": "In Progress"}, "late"),
		({"due_date": datetime(2025, 11, 1, 9), "status": "Backlog"}, "late"),
		({}, None),
	],
)
def test_bucket_membership(values, bucket):
	item = task(**values)
	found = [
		name
		for name, query in (
			("today", q.today_query(TODAY)),
			("late", q.late_query(TODAY)),
			("upcoming", q.upcoming_query(TODAY)),
		)
		if matches(item, query)
	]
	assert found == (bucket.split() if bucket else [])


def test_today_orders_high_first_then_due_date_with_nulls_last():
	order = q.today_query(TODAY).order_by
	assert (
		order.index("priority_rank` desc") < order.index("due_date` is null") < order.index("due_date` asc")
	)


def test_late_is_most_overdue_first_and_upcoming_soonest_first():
	assert q.late_query(TODAY).order_by.startswith("`tabCRM Task`.`due_date` asc")
	assert q.upcoming_query(TODAY).order_by == (
		"`tabCRM Task`.`start_date` asc, `tabCRM Task`.`priority_rank` desc, `tabCRM Task`.`name` asc"
	)


# --- filter_tasks --------------------------------------------------------------------------


def test_filter_query_range_is_inclusive_on_either_date():
	query = q.filter_query(
		date_from=TODAY,
		date_to=TOMORROW,
		priorities=["High"],
		statuses=[],
		order_terms=[("modified", "desc")],
	)
	assert matches(task(priority="High", start_date=TOMORROW), query)
	assert matches(task(priority="High", due_date=datetime(2025, 12, 4, 23, 59, 59)), query)
	assert matches(task(priority="High", due_date=datetime(2025, 12, 3, 0, 0)), query)
	assert not matches(task(priority="High", due_date=datetime(2025, 12, 5, 0, 0)), query)
	assert not matches(task(priority="Low", start_date=TODAY), query)
	assert not matches(task(priority="High", start_date=YESTERDAY), query)


@pytest.mark.parametrize(
	("date_from", "date_to", "inside", "outside"),
	[
		(
			TODAY,
			None,
			{"due_date": datetime(2025, 12, 3, 0, 0)},
			{"due_date": datetime(2025, 12, 2, 23, 59, 59)},
		),
		(
			None,
			TODAY,
			{"due_date": datetime(2025, 12, 3, 23, 59, 59)},
			{"due_date": datetime(2025, 12, 4, 0, 0)},
		),
		(None, TODAY, {"start_date": TODAY}, {"start_date": TOMORROW}),
		(TODAY, None, {"start_date": TODAY}, {"start_date": YESTERDAY}),
		(None, TODAY, {"start_date": YESTERDAY}, {}),  # an undated task is before no date
	],
)
def test_filter_query_open_ranges(date_from, date_to, inside, outside):
	query = q.filter_query(
		date_from=date_from, date_to=date_to, priorities=[], statuses=[], order_terms=[("name", "asc")]
	)
	assert matches(task(**inside), query)
	assert not matches(task(**outside), query)


def test_filter_query_without_dates_has_no_or_filters():
	query = q.filter_query(
		date_from=None, date_to=None, priorities=[], statuses=["Todo", "Done"], order_terms=[("name", "asc")]
	)
	assert query.or_filters == []
	assert query.filters == [["status", "in", ["Todo", "Done"]]]


def test_filter_query_rejects_a_reversed_range():
	with pytest.raises(InvalidParam) as caught:
		q.filter_query(
			date_from=TOMORROW, date_to=TODAY, priorities=[], statuses=[], order_terms=[("name", "asc")]
		)
	assert caught.value.field == "date_to"


# --- order_by allow-list -------------------------------------------------------------------


@pytest.mark.parametrize(
	("value", "expected"),
	[
		(None, [("modified", "desc")]),
		("", [("modified", "desc")]),
		("modified desc", [("modified", "desc")]),
		("DUE_DATE ASC", [("due_date", "asc")]),
		("priority desc, due_date asc", [("priority", "desc"), ("due_date", "asc")]),
		(" title  asc ,name desc", [("title", "asc"), ("name", "desc")]),
		("status asc, status desc", [("status", "asc")]),
	],
)
def test_order_by_accepts_task_fields(value, expected):
	assert q.parse_order_by(value) == expected


@pytest.mark.parametrize("field", TASK_LIST_KEYS)
def test_every_task_object_field_is_orderable(field):
	assert q.parse_order_by(f"{field} desc") == [(field, "desc")]


INJECTIONS = [
	"modified desc; DROP TABLE `tabCRM Task`",
	"modified desc --",
	"(select 1)",
	"sleep(5)",
	"if(1=1,title,name) asc",
	"modified desc, (select password from __Auth) asc",
	"`tabCRM Task`.modified desc",
	"owner asc",
	"description asc",
	"priority_rank desc",
	"modified",
	"modified sideways",
	"1 desc",
	"modified desc limit 1",
	"modified/**/desc",
	"modified\tdesc; select",
	"title asc,",
	",",
	"title asc union select * from tabUser",
	"name desc) or (1=1",
	"modified desc\x00",
	"x" * 400,
	123,
	["modified desc"],
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_order_by_refuses_anything_else(value):
	with pytest.raises(InvalidParam) as caught:
		q.parse_order_by(value)
	assert caught.value.field == "order_by"
	assert "modified" in str(caught.value)


@given(st.text(max_size=60))
def test_order_by_output_only_ever_names_known_columns(value):
	try:
		terms = q.parse_order_by(value)
	except InvalidParam:
		return
	sql = q.order_by_sql(terms)
	for part in sql.split(", "):
		column, direction = part.rsplit(" ", 1)
		assert direction in ("asc", "desc")
		assert column in {q.column(c) for c in q.ORDERABLE.values()}


def test_order_by_sql_sorts_priority_by_meaning_and_breaks_ties_by_name():
	assert (
		q.order_by_sql([("priority", "desc")])
		== "`tabCRM Task`.`priority_rank` desc, `tabCRM Task`.`name` desc"
	)
	assert q.order_by_sql([("name", "asc")]) == "`tabCRM Task`.`name` asc"


def test_lists_read_together_keep_each_lists_rows_in_its_own_order():
	"""`lists_sql` run by a real database (SQLite): rows labelled by list, each list in its order."""
	db = sqlite3.connect(":memory:")
	db.execute("create table t (name integer, priority_rank integer, due_date text)")
	rows = [(1, 1, "2026-01-02"), (2, 3, None), (3, 3, "2026-01-01"), (4, 2, "2026-01-03")]
	db.executemany("insert into t values (?, ?, ?)", rows)
	top_three = "select * from t order by priority_rank desc, name limit 3"
	dated = "select * from t where due_date is not null"
	late_order = (("due_date", "asc"), ("name", "asc"))
	found = db.execute(q.lists_sql([(top_three, q.today_query(TODAY).sort), (dated, late_order)])).fetchall()
	assert [(index, position, name) for index, position, name, _rank, _due in found] == [
		(0, 1, 3),  # most important, dated before undated
		(0, 2, 2),
		(0, 3, 4),
		(1, 1, 3),  # soonest due first
		(1, 2, 1),
		(1, 3, 4),
	]
