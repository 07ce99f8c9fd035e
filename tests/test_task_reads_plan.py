"""How task lists are read in parts and pieces (crm/mobile/task_reads.py): the parts of what a
caller sees, the page the database merges, the pieces of a date window, and which orders an index
walk gives."""

import sqlite3
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from crm.core import task_queries as q

TODAY = date(2025, 12, 3)
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)

# Lists read in parts (crm/mobile/task_reads.py) -----------------------------------------------


def test_a_manager_reads_in_one_part():
	assert q.visible_parts("boss@x", True) == [[]]


def test_a_seller_reads_owned_then_assigned_by_others():
	parts = q.visible_parts("s@x", False)
	assert parts == [[["owner", "=", "s@x"]], [["assigned_to", "=", "s@x"], ["owner", "!=", "s@x"]]]


def test_tasks_shared_in_desk_are_a_third_part_without_the_others():
	third = q.visible_parts("s@x", False, [7, 9])[2]
	assert third == [["name", "in", [7, 9]], ["owner", "!=", "s@x"], ["assigned_to", "!=", "s@x"]]


def test_text_orders_are_read_in_one_query():
	assert q.filter_query(**NO_FILTERS, order_terms=[("title", "asc")]).sort == ()
	assert q.filter_query(**NO_FILTERS, order_terms=[("priority", "desc")]).sort == (
		("priority_rank", "desc"),
		("name", "desc"),
	)


NO_FILTERS = {"date_from": None, "date_to": None, "priorities": [], "statuses": []}
when = st.one_of(st.none(), st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)))
row = st.fixed_dictionaries(
	{"name": st.integers(1, 10**6), "due_date": when, "priority_rank": st.integers(1, 3)}
)
SORTS = [
	(("due_date", "asc"), ("name", "asc")),
	(("due_date", "desc"), ("name", "desc")),
	(("priority_rank", "desc"), ("due_date", q.NULLS_LAST), ("name", "asc")),
]


def _tasks_db(rows):
	"""The rows in an in-memory SQLite table, as the parts' statements read them."""
	db = sqlite3.connect(":memory:")
	db.execute("create table `tabCRM Task` (name integer, due_date text, priority_rank integer)")
	db.executemany(
		"insert into `tabCRM Task` values (?, ?, ?)",
		[(r["name"], r["due_date"] and r["due_date"].isoformat(), r["priority_rank"]) for r in rows],
	)
	return db


@given(
	st.lists(row, max_size=30, unique_by=lambda r: r["name"]),
	st.sampled_from(SORTS),
	st.integers(0, 12),
	st.integers(1, 8),
)
def test_a_page_of_the_parts_merged_is_that_page_of_the_whole(rows, sort, start, limit):
	"""Whatever the split, the page the database merges from each part's first rows is the page
	one statement over every row answers."""
	db = _tasks_db(rows)
	order = q.sort_sql(sort)
	part = "select * from `tabCRM Task` where name % 2 = {} order by " + order + " limit {}"
	statements = [part.format(0, start + limit), part.format(1, start + limit)]
	merged = db.execute(q.union_page_sql(statements, sort, start, limit)).fetchall()
	whole = f"select * from `tabCRM Task` order by {order} limit {limit} offset {start}"
	assert merged == db.execute(whole).fetchall()


USERS = ["s@x", "t@x", None]
party_row = st.fixed_dictionaries(
	{
		"name": st.integers(1, 10**6),
		"owner": st.sampled_from(USERS),
		"assigned_to": st.sampled_from(USERS),
		"priority_rank": st.integers(1, 3),
	}
)


def _parties_db(rows):
	db = sqlite3.connect(":memory:")
	db.execute(
		"create table `tabCRM Task` (name integer, owner text, assigned_to text, priority_rank integer)"
	)
	db.executemany("insert into `tabCRM Task` values (:name, :owner, :assigned_to, :priority_rank)", rows)
	return db


def _escape(value: str) -> str:
	return "'" + value.replace("'", "''") + "'"


@given(st.lists(party_row, max_size=30, unique_by=lambda r: r["name"]), st.integers(0, 6), st.integers(1, 8))
def test_parts_narrowing_one_statement_merge_into_the_page_a_seller_sees(rows, start, limit):
	"""One statement selects what the caller may see (here: everything but rank 3); each part of
	`visible_parts` narrows it to its own first rows, and the merged page is that page of what the
	seller owns or was assigned: each task once, none of another's."""
	db = _parties_db(rows)
	sort = (("priority_rank", "desc"), ("name", "asc"))
	matches = "select name, owner, assigned_to, priority_rank from `tabCRM Task` where priority_rank < 3"
	columns = ["name", "priority_rank"]
	parts = q.visible_parts("s@x", False, [row["name"] for row in rows[:3]])
	statements = [
		q.part_sql(matches, q.conditions_sql(part, _escape), columns, sort, start + limit) for part in parts
	]
	merged = db.execute(q.union_page_sql(statements, sort, start, limit)).fetchall()
	whole = (
		"select name, priority_rank from `tabCRM Task` where priority_rank < 3"
		" and ('s@x' in (owner, assigned_to) or name in (select name from `tabCRM Task` limit 3))"
		f" order by priority_rank desc, name asc limit {limit} offset {start}"
	)
	assert merged == db.execute(whole).fetchall()


def test_a_part_quotes_every_value_it_narrows_by():
	where = q.conditions_sql([["owner", "=", "o'hara@x"], ["name", "in", [7, 9]]], _escape)
	sql = q.part_sql("M", where, ["name"], (("name", "asc"),), 5)
	assert sql == (
		"select `name` from (M) as matches where `owner` = 'o''hara@x' and `name` in ('7', '9')"
		" order by `matches`.`name` asc limit 5"
	)


@given(st.lists(st.integers(0, 10**4), unique=True, max_size=30), st.integers(1, 8))
def test_a_part_orders_by_the_matches_columns_not_by_what_it_selects_as_text(values, limit):
	"""Numbers as text sort "10" before "9": a part selecting a column as text still reads its rows
	in the column's own order (for a Datetime, its index order)."""
	db = sqlite3.connect(":memory:")
	db.execute("create table t (name integer, due_date integer)")
	db.executemany("insert into t values (?, ?)", [(value, value) for value in values])
	sort = (("due_date", "asc"), ("name", "asc"))
	sql = q.part_sql("select * from t", "1 = 1", ["name", "due_date"], sort, limit, as_text=("due_date",))
	assert db.execute(sql).fetchall() == [(value, str(value)) for value in sorted(values)[:limit]]


def test_keyed_rows_select_the_named_columns_as_text():
	sql = q.keyed_rows_sql("M", "K", ["name", "modified"], as_text=("modified",))
	assert sql.startswith("select `name`, cast(`modified` as char) as `modified` from (M) as matches")


def test_a_part_of_no_shared_task_selects_none_and_a_bound_keeps_later_changes():
	assert q.conditions_sql([["name", "in", []]], _escape) == "1 = 0"
	bound = q.conditions_sql([["modified", ">=", datetime(2026, 1, 2, 3, 4)]], _escape)
	assert "`modified` >= '2026-01-02 03:04:00'" in bound


def test_the_statement_a_part_narrows_selects_every_column_the_parts_name():
	parts = q.visible_parts("s@x", False, [7])
	assert q.filter_columns(*parts) == ["owner", "assigned_to", "name"]


def test_the_merged_page_is_ordered_by_the_selected_columns():
	sql = q.union_page_sql(["A", "B"], (("modified", "desc"), ("name", "desc")), 40, 20)
	assert sql == (
		"select * from (select * from (A) as part_0 union all select * from (B) as part_1) as parts"
		" order by `modified` desc, `name` desc limit 20 offset 40"
	)


def test_bare_members_are_the_union_itself_with_no_select_around_them():
	sql = q.union_page_sql(["A", "B"], (("modified", "asc"), ("name", "asc")), 0, 101, bare_members=True)
	assert sql == "(A) union all (B) order by `modified` asc, `name` asc limit 101 offset 0"


def test_the_sql_order_names_missing_values_last_where_asked():
	assert q.today_query(TODAY).order_by == (
		"`tabCRM Task`.`priority_rank` desc, `tabCRM Task`.`due_date` is null, "
		"`tabCRM Task`.`due_date` asc, `tabCRM Task`.`name` asc"
	)


def test_a_window_is_counted_in_two_parts_without_or():
	query = q.filter_query(
		date_from=YESTERDAY, date_to=TOMORROW, priorities=["High"], statuses=[], order_terms=[("name", "asc")]
	)
	starting, due = q.window_pieces(query)
	assert starting.or_filters == [] and ["start_date", "between", [YESTERDAY, TOMORROW]] in starting.filters
	assert ["priority", "in", ["High"]] in due.filters and due.filters[-1][0] == "due_date"
	assert due.or_filters == [["start_date", "<", YESTERDAY], ["start_date", ">", TOMORROW]]


@given(
	st.lists(st.tuples(st.none() | st.dates(), st.none() | st.dates()), max_size=40), st.dates(), st.dates()
)
def test_the_window_parts_add_up_to_the_window(dates, first, last):
	"""Every task in the window is in exactly one part (evaluated here as SQL would, nulls unset)."""
	low, high = min(first, last), max(first, last)
	query = q.filter_query(
		date_from=low, date_to=high, priorities=[], statuses=[], order_terms=[("name", "asc")]
	)
	starting, due = q.window_pieces(query)
	inside = lambda value: value is not None and low <= value <= high  # noqa: E731
	in_window = sum(inside(start) or inside(end) for start, end in dates)
	counted = sum(inside(start) for start, _end in dates) + sum(
		inside(end) and not inside(start) for start, end in dates
	)
	assert starting.filters[-1] == ["start_date", "between", [low, high]]
	assert due.or_filters[:2] == [["start_date", "<", low], ["start_date", ">", high]]
	assert counted == in_window


def test_other_lists_are_counted_whole():
	query = q.filter_query(**NO_FILTERS, order_terms=[("name", "asc")])
	assert q.window_pieces(query) == [query]


def _filtered(**chosen):
	return q.filter_query(**{**NO_FILTERS, **chosen}, order_terms=[])


def test_an_index_walks_the_plain_list_and_one_status_with_one_priority_in_order():
	assert q.read_in_order(_filtered())
	assert q.read_in_order(_filtered(priorities=["High"], statuses=["Todo"]))


def test_other_filters_are_gathered_and_sorted_by_the_database():
	assert not q.read_in_order(_filtered(statuses=["Todo"]))
	assert not q.read_in_order(_filtered(priorities=["High"], statuses=["Todo", "Done"]))
	assert not q.read_in_order(_filtered(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31)))


def test_a_page_after_a_cursor_walks_on_from_its_position():
	window = _filtered(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
	after = q.TaskQuery(
		[*window.filters, ["modified", "<=", "2026-01-05"]], window.or_filters, window.order_by, window.sort
	)
	assert q.read_in_order(after)


def test_today_is_read_in_two_pieces_in_its_own_order():
	"""Tasks starting today, then tasks due today that start on another day (or none)."""
	today = q.today_query(TODAY)
	starting, due = q.window_pieces(today)
	assert starting.filters == [["start_date", "=", TODAY]] and starting.or_filters == []
	assert due.or_filters == [["start_date", "<", TODAY], ["start_date", ">", TODAY]]
	assert starting.order_by == due.order_by == today.order_by and starting.sort == today.sort


def test_orders_an_index_walk_can_give():
	assert q.one_direction((("modified", "desc"), ("name", "desc")))
	assert not q.one_direction(q.upcoming_query(TODAY).sort)  # soonest, then most important,
	assert q.index_ordered(q.upcoming_query(TODAY).sort)  # which an index keeps
	assert not q.index_ordered(q.today_query(TODAY).sort)
	assert not q.one_direction(q.today_query(TODAY).sort)  # undated last
