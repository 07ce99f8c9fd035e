"""CRM Task's composite indexes (crm/core/task_indexes.py)."""

from crm.core import task_indexes
from crm.core.task_indexes import INDEXES, PARTIES, SUPERSEDED, index_name


def test_every_superseded_index_is_served_by_a_longer_current_one():
	"""Same leading columns, every old column in it: what the old index found, the new one finds."""
	for old in SUPERSEDED:
		assert any(new[:2] == old[:2] and set(old) < set(new) for new in INDEXES), old


def test_no_superseded_index_is_made_again():
	assert not set(SUPERSEDED) & set(INDEXES)


def test_every_party_index_ends_with_the_other_party_so_the_rule_is_read_from_it():
	for party, other in PARTIES:
		own = [columns for columns in INDEXES if columns[0] == party]
		assert own and all(columns[-1] == other for columns in own), party


def test_party_indexes_keep_the_orders_by_last_change_and_by_due_date_then_name():
	for party, _other in PARTIES:
		starts = {columns[:3] for columns in INDEXES}
		assert {(party, "modified", "name"), (party, "due_date", "name")} <= starts


def test_names_are_frappes_and_fit_every_database():
	assert index_name(("owner", "modified")) == "owner_modified_index"
	assert all(len(task_indexes.index_name(columns)) <= 63 for columns in INDEXES)
