"""The buckets' fixed filters as the app writes them around the caller's select
(`task_queries.conditions_sql`, crm/mobile/task_reads.py `first_rows_together`): run by a real
database (SQLite), they select what frappe.get_list's reading of the same filters selects (as
tests/spec_eval.py evaluates it), around midnight, for missing dates and statuses."""

import sqlite3
from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from crm.core import task_queries as q

from .spec_eval import matches

TODAY = date(2025, 12, 3)
BUCKETS = (q.today_query(TODAY), q.late_query(TODAY), q.upcoming_query(TODAY))

days = st.integers(-3, 3).map(lambda offset: TODAY + timedelta(days=offset))
instants = st.sampled_from([time(0), time(0, 0, 0, 1), time(9, 30), time(23, 59, 59), time.max])
task_row = st.fixed_dictionaries(
	{
		"start_date": st.none() | days,
		"due_date": st.none() | st.builds(datetime.combine, days, instants),
		"status": st.sampled_from([None, "", "Todo", "Backlog", "In Progress", "Done", "Canceled"]),
	}
)


def _quote(value: str) -> str:
	return "'" + value.replace("'", "''") + "'"


def _selected(rows: list[dict], query: q.TaskQuery) -> list[int]:
	"""The rows the written conditions of `query` select, stored as Frappe stores them as text."""
	db = sqlite3.connect(":memory:")
	db.execute("create table tasks (name integer, start_date text, due_date text, status text)")
	stored = [
		(
			index,
			*(None if row[key] is None else str(row[key]) for key in ("start_date", "due_date", "status")),
		)
		for index, row in enumerate(rows)
	]
	db.executemany("insert into tasks values (?, ?, ?, ?)", stored)
	where = q.conditions_sql(query.filters, _quote, query.or_filters)
	return [name for (name,) in db.execute(f"select name from tasks where {where} order by name")]


@given(st.lists(task_row, max_size=40))
def test_each_bucket_written_selects_what_get_list_reads(rows):
	for query in BUCKETS:
		assert _selected(rows, query) == [index for index, row in enumerate(rows) if matches(row, query)]


@given(st.lists(task_row, max_size=40))
def test_todays_pieces_written_select_each_of_todays_tasks_once(rows):
	starting, due = (_selected(rows, piece) for piece in q.window_pieces(q.today_query(TODAY)))
	assert not set(starting) & set(due)
	assert sorted(starting + due) == _selected(rows, q.today_query(TODAY))


def test_a_condition_names_each_value_as_a_quoted_literal():
	written = q.conditions_sql(
		[
			["status", "not in", ["Done", "O'Brien"]],
			["due_date", "between", [datetime(2025, 1, 2), datetime(2025, 1, 3)]],
		],
		_quote,
		[["start_date", "<", date(2025, 1, 2)], ["start_date", ">", date(2025, 1, 4)]],
	)
	assert written == (
		"coalesce(`status`, '') not in ('Done', 'O''Brien')"
		" and `due_date` between '2025-01-02 00:00:00' and '2025-01-03 00:00:00'"
		" and (coalesce(`start_date`, '0001-01-01') < '2025-01-02' or `start_date` > '2025-01-04')"
	)


def test_no_filters_select_everything_and_an_empty_set_nothing():
	assert q.conditions_sql([], _quote) == "1 = 1"
	assert q.conditions_sql([["name", "in", []]], _quote) == "1 = 0"
	assert q.conditions_sql([["status", "not in", []]], _quote) == "1 = 1"


def test_a_managers_sorted_keys_pick_their_rows():
	sql = q.keyed_rows_sql("M", "K", ["name", "title"])
	assert sql == (
		"select `name`, `title` from (M) as matches where `name` in (select `name` from (K) as list_keys)"
	)
