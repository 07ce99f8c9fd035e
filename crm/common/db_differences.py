"""What the app does differently per database, each difference named once.

PostgreSQL: Frappe rewrites SQL text for PostgreSQL after it has inlined the values
(frappe.database.postgres.database.modify_query and frappe.model.db_query.cast_name):

- `name` is cast to text in list filters, so `name < 135` compares "99" > "135";
- a comparison with a number is quoted, inside string values too (`1=1` becomes `1= '1'`), and
  backticks become double quotes: a search for "x=1" breaks the statement (500).

SQLite: dates and times are text, compared as text. Frappe writes a time with no fraction of a
second as "2026-11-27 09:00:00" but bounds a day as "2026-11-27 00:00:00.000000", which sorts after
it: a task due at midnight fell out of "today".
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import frappe
from frappe.utils import get_datetime


def ids_compare_as_text() -> bool:
	"""Whether list filters compare integer ids as text (PostgreSQL); MariaDB and SQLite compare
	the numbers."""
	return frappe.db.db_type == "postgres"


def unions_take_bare_members() -> bool:
	"""Whether a union's members may be selects in parentheses, each with its own order and limit,
	the union ordered by any term of the lists' orders (MariaDB). SQLite takes its members only as
	selects from a subquery, and PostgreSQL orders a union by its output columns alone, not by
	`due_date is null`."""
	return frappe.db.db_type == "mariadb"


def datetimes_sent_as_text() -> bool:
	"""Whether the app's own list statements select Datetime columns as text (MariaDB). Frappe's
	MariaDB connection parses each Datetime the driver returns in Python (`get_datetime`; on Frappe
	15 with `strptime`, 5.7 µs a value: most of a millisecond for a sync page of 100 tasks); as text
	they come as SQLite sends them, which the app reads already. PostgreSQL's driver parses them in
	C."""
	return frappe.db.db_type == "mariadb"


def rewritten_in_text() -> str:
	"""The characters Frappe rewrites inside string values of list filters on this database; a
	search matches each of them with a one-character wildcard instead."""
	return "=<>`" if frappe.db.db_type == "postgres" else ""


def like_any_case(column: Any, pattern: str) -> Any:
	"""`column LIKE pattern` regardless of letter case, for query-builder searches: PostgreSQL's LIKE
	tells case apart (Frappe's lists turn it into ILIKE, the query builder does not); MariaDB's, with
	the site's _ci collation, and SQLite's, for ASCII letters, do not."""
	return column.ilike(pattern) if frappe.db.db_type == "postgres" else column.like(pattern)


def comparable_datetime(value: Any) -> Any:
	"""`value` as a Datetime field should store it to compare like every other time: on SQLite the
	text with all six digits of the second's fraction, as Frappe's own bounds have them."""
	if frappe.db.db_type != "sqlite" or value in (None, ""):
		return value
	moment = get_datetime(value)
	return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(moment, datetime) else value


def add_index(doctype: str, columns: Sequence[str], index_name: str) -> None:
	"""Make an index of `doctype` on `columns` unless it exists; a column may carry its direction
	("priority_rank desc"). Frappe's `add_index` writes the columns as given on MariaDB and SQLite,
	but quotes each on PostgreSQL, where a direction would then read as part of the name."""
	if frappe.db.db_type != "postgres" or not any(" " in column for column in columns):
		frappe.db.add_index(doctype, list(columns), index_name)
		return
	terms = ", ".join(f'"{name}" {" ".join(direction)}' for name, *direction in map(str.split, columns))
	frappe.db.sql_ddl(f'create index if not exists "{index_name}" on "tab{doctype}" ({terms})')


def drop_index(doctype: str, index_name: str) -> None:
	"""Drop an index of `doctype` if it exists: MariaDB names it with its table, PostgreSQL and
	SQLite by name alone."""
	table = f"tab{doctype}"
	if not frappe.db.has_index(table, index_name):
		return
	if frappe.db.db_type == "mariadb":
		frappe.db.sql_ddl(f"alter table `{table}` drop index `{index_name}`")
	else:
		frappe.db.sql_ddl(f'drop index if exists "{index_name}"')
