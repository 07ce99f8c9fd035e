"""What the app does differently per database, each difference named once.

PostgreSQL: Frappe rewrites SQL text for PostgreSQL after it has inlined the values
(frappe.database.postgres.database.modify_query and frappe.model.db_query.cast_name):

- `name` is cast to text in list filters, so `name < 135` compares "99" > "135";
- a comparison with a number is quoted, inside string values too (`1=1` becomes `1= '1'`), and
  backticks become double quotes: a search for "x=1" breaks the statement (500).
"""

import frappe


def ids_compare_as_text() -> bool:
	"""Whether list filters compare integer ids as text (PostgreSQL); MariaDB and SQLite compare
	the numbers."""
	return frappe.db.db_type == "postgres"


def rewritten_in_text() -> str:
	"""The characters Frappe rewrites inside string values of list filters on this database; a
	search matches each of them with a one-character wildcard instead."""
	return "=<>`" if frappe.db.db_type == "postgres" else ""
