"""Ids for autoincrement DocTypes (CRM Task) on SQLite, until the running Frappe provides them.

Frappe names an autoincrement document with `nextval` of a database sequence, which SQLite lacks:
on Frappe 16 releases and 16.0.0-dev checkouts every CRM Task insert on a SQLite site fails with
"no such column: crm_task_id_seq". Frappe's develop branch (17.0.0-dev) emulates sequences on
SQLite with a bookkeeping table, `__frappe_sqlite_sequences`; this module keeps that same table
with the same meaning, so a Frappe upgrade continues the counters:

- one row per sequence, named as Frappe names the sequence (`crm_task_id_seq`);
- `current` is the last id handed out, the next is `current + increment`;
- a sequence used for the first time starts after the largest existing id (`declared` = 0).

Active only on SQLite, and only while Frappe lacks the emulation (`needed`).
Remove this module once every supported Frappe defines
`frappe.database.sequence.SQLITE_SEQUENCE_TABLE`.

SQL strings here are SQLite's own (RETURNING, ON CONFLICT): the query builder cannot say them,
and they never run on another database.
"""

import frappe
from frappe.database import sequence
from frappe.query_builder.functions import Max

TABLE = "__frappe_sqlite_sequences"


def needed() -> bool:
	"""True on a SQLite site whose Frappe cannot name autoincrement documents itself."""
	return frappe.db.db_type == "sqlite" and not hasattr(sequence, "SQLITE_SEQUENCE_TABLE")


def name_before_insert(doc) -> None:
	"""`before_insert` of an autoincrement DocType: give the document its id from the table, and
	tell Frappe its name is set (so it does not ask SQLite for a sequence)."""
	if doc.flags.name_set or not needed():
		return
	doc.name = reserve(doc.doctype, 1)
	doc.flags.name_set = True


def reserve(doctype: str, count: int) -> int:
	"""Reserve `count` consecutive ids of `doctype` in one atomic statement; answers the first."""
	key = frappe.scrub(f"{doctype}_id_seq")
	advanced = frappe.db.sql(
		f"UPDATE `{TABLE}` SET current = current + increment * %s"
		" WHERE name = %s AND max_value IS NULL RETURNING current, increment",
		(count, key),
	)
	if not advanced:
		# First use: start after the largest existing id. The upsert makes a concurrent first use
		# advance the row the other one created instead of colliding on its key.
		seeded = _largest_id(doctype) + count
		advanced = frappe.db.sql(
			f"INSERT INTO `{TABLE}` (name, current) VALUES (%s, %s)"
			" ON CONFLICT(name) DO UPDATE SET current = current + increment * %s"
			" RETURNING current, increment",
			(key, seeded, count),
		)
	current, increment = advanced[0]
	return current - increment * (count - 1)


def _largest_id(doctype: str) -> int:
	table = frappe.qb.DocType(doctype)
	return int(frappe.qb.from_(table).select(Max(table.name)).run()[0][0] or 0)


def ensure_table() -> None:
	"""Create the bookkeeping table, as Frappe's emulation defines it (install and migrate)."""
	if not needed():
		return
	frappe.db.sql_ddl(
		f"""CREATE TABLE IF NOT EXISTS `{TABLE}` (
			`name` TEXT PRIMARY KEY,
			`current` INTEGER NOT NULL,
			`increment` INTEGER NOT NULL DEFAULT 1,
			`min_value` INTEGER NOT NULL DEFAULT 1,
			`max_value` INTEGER,
			`cycle` INTEGER NOT NULL DEFAULT 0,
			`declared` INTEGER NOT NULL DEFAULT 0
		)"""
	)
