"""CRM Task's composite indexes (crm/core/task_indexes.py)."""

from crm.core import task_indexes, task_queries
from crm.core.task_indexes import INDEXES, PARTIES, SUPERSEDED, column_names, descending, index_name

CURRENT = [column_names(columns) for columns in INDEXES]


def test_every_superseded_index_is_served_by_a_longer_current_one():
	"""Same leading columns, every old column in it: what the old index found, the new one finds."""
	for old in SUPERSEDED:
		assert any(new[:2] == old[:2] and set(old) < set(new) for new in CURRENT), old


def test_no_superseded_index_is_made_again():
	assert not {index_name(old) for old in SUPERSEDED} & {index_name(new) for new in INDEXES}


def test_every_party_index_ends_with_the_other_party_so_the_rule_is_read_from_it():
	for party, other in PARTIES:
		own = [columns for columns in CURRENT if columns[0] == party]
		assert own and all(columns[-1] == other for columns in own), party


def test_party_indexes_keep_the_orders_by_last_change_and_by_due_date_then_name():
	for party, _other in PARTIES:
		starts = {columns[:3] for columns in CURRENT}
		assert {(party, "modified", "name"), (party, "due_date", "name")} <= starts


def test_the_upcoming_order_is_an_index_order_for_a_manager_and_after_each_party():
	"""Soonest start, then most important (priority_rank descending), then id: the database reads
	the bucket's first tasks off the index and stops."""
	wanted = tuple(
		f"{column} desc" if direction == "desc" else column
		for column, direction in task_queries.UPCOMING_ORDER
	)
	assert wanted == task_indexes.UPCOMING
	assert any(columns[: len(wanted)] == wanted for columns in INDEXES)
	for party, _other in PARTIES:
		assert any(columns[1 : len(wanted) + 1] == wanted and columns[0] == party for columns in INDEXES)
	assert task_queries.index_ordered(task_queries.UPCOMING_ORDER)


def test_directions_are_read_from_the_column_terms():
	assert column_names(("start_date", "priority_rank desc", "name")) == (
		"start_date",
		"priority_rank",
		"name",
	)
	assert descending(("start_date", "priority_rank desc", "name")) == ("priority_rank",)


def test_names_are_frappes_and_fit_every_database():
	assert index_name(("owner", "modified")) == "owner_modified_index"
	assert index_name(("start_date", "priority_rank desc")) == "start_date_priority_rank_desc_index"
	assert all(len(task_indexes.index_name(columns)) <= 63 for columns in INDEXES)
