"""The composite indexes of CRM Task, and the older ones they replace (docs/benchmarks.md).

A Sales User's lists are read in parts, the tasks they own and the tasks others assigned to them
(crm/mobile/task_reads.py), each through an index that starts with that party. Every statement of
a part also carries the permission rule, `owner = u or assigned_to = u`, so each party index ends
with the other party: the part's keys and counts are then read from the index alone, where an
index without it made the database read the whole row of every match (a count of 1,001 owned
tasks: 8 ms instead of 1). `modified` and `name` are listed before it, so that the index still
gives the list's order by last change (and the overdue bucket's by due date) with `name`
breaking ties.
"""

PARTIES = (("owner", "assigned_to"), ("assigned_to", "owner"))


# The upcoming bucket's order, soonest start first, then most important (`priority_rank`
# descending), then id (crm/core/task_queries.py UPCOMING_ORDER): an index in that order, after the
# party, lets the database read the bucket's first tasks and stop, however many tasks lie ahead.
# A column's direction follows its name ("priority_rank desc").
UPCOMING = ("start_date", "priority_rank desc", "name")


def _party_indexes(party: str, other: str) -> list[tuple[str, ...]]:
	return [
		(party, "modified", "name", other),
		(party, "name", other),
		(party, *UPCOMING, other),
		(party, "due_date", "name", "start_date", other),
		(party, "status", "priority", "modified", "name", other),
	]


# A manager's "today" (and any date window read in one part) is read as two pieces, tasks starting
# then and tasks due then that start on another day; the first and third give each piece's sort
# keys (priority, due date, id) without reading a row.
INDEXES: tuple[tuple[str, ...], ...] = (
	(*UPCOMING, "due_date"),
	("due_date", "priority_rank", "start_date"),
	("due_date", "status"),
	*(columns for party, other in PARTIES for columns in _party_indexes(party, other)),
	("status", "priority", "modified"),
)

# Earlier releases' indexes, each served by a longer one above: kept, they cost every write and lead the
# planner to an index that needs the rows.
SUPERSEDED = (
	("start_date", "priority_rank"),
	("owner", "modified"),
	("owner", "name"),
	("owner", "start_date"),
	("owner", "due_date"),
	("owner", "status", "priority"),
	("assigned_to", "modified"),
	("assigned_to", "name"),
	("assigned_to", "start_date"),
	("assigned_to", "due_date"),
	("assigned_to", "status", "priority", "owner"),
	("start_date", "priority_rank", "due_date"),
	("owner", "start_date", "assigned_to"),
	("assigned_to", "start_date", "owner"),
)


def index_name(columns: tuple[str, ...]) -> str:
	"""The name Frappe's `frappe.db.add_index` gives an index on `columns` ("a desc" as "a_desc")."""
	return "_".join(column.replace(" ", "_") for column in columns) + "_index"


def column_names(columns: tuple[str, ...]) -> tuple[str, ...]:
	"""The columns of an index without their directions."""
	return tuple(column.split()[0] for column in columns)


def descending(columns: tuple[str, ...]) -> tuple[str, ...]:
	"""The columns an index keeps in descending order."""
	return tuple(column.split()[0] for column in columns if column.endswith(" desc"))
