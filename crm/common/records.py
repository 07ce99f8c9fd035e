"""Permission checks on a referenced record and paged lists, shared by every API area."""

from typing import Any

import frappe
from frappe import _

from crm.common.errors import not_found


def sql_literal(value: object) -> str:
	"""`value` as a literal in a statement the app writes around Frappe's (a permission rule, a
	part of a list), quoted as `frappe.get_list` quotes a filter's value: such statements run
	without parameters, so a `%` stays itself."""
	return frappe.db.escape(str(value), percent=False)


def check_reference(doctype: str, name: str, ptype: str = "read") -> None:
	"""404 when the record does not exist, 403 when the caller may not `ptype` it, 417 for a bad doctype."""
	if not frappe.db.exists("DocType", doctype) or frappe.get_meta(doctype).istable:
		frappe.throw(
			_("reference_doctype {0} is not a document type records can be linked to").format(doctype),
			frappe.ValidationError,
		)
	if not frappe.db.exists(doctype, name):
		not_found(doctype, name)
	if not frappe.has_permission(doctype, ptype, doc=name):
		frappe.throw(
			_("You do not have permission to access {0} {1}").format(_(doctype), name), frappe.PermissionError
		)


def record_readable(doctype: str | None, name: object, user: str | None = None, debug: bool = False) -> bool:
	"""Whether `user` may read the record, for `has_permission` hooks of records attached to another.
	True when there is no such record (then the attached record's own role rights decide)."""
	if (
		not (doctype and name)
		or not frappe.db.exists("DocType", doctype)
		or not frappe.db.exists(doctype, name)
	):
		return True
	return bool(frappe.has_permission(doctype, "read", doc=name, user=user, debug=debug))


def reference_condition(doctype: str, user: str) -> str:
	"""SQL for a `permission_query_conditions` hook of a DocType whose rows belong to another record
	(`reference_doctype`/`reference_name`), the list form of `record_readable`: rows with no record,
	or whose record the user may read (a `frappe.get_list` subquery as that user per referenced
	DocType). A row whose record no longer exists is left out of lists."""
	table = f"`tab{doctype}`"
	branches = [f"ifnull({table}.`reference_doctype`, '') = ''"]
	referenced = frappe.get_all(
		doctype, filters={"reference_doctype": ("is", "set")}, distinct=True, pluck="reference_doctype"
	)
	for reference in referenced:
		if names := readable_names_sql(reference, user):
			branches.append(
				f"({table}.`reference_doctype` = {sql_literal(reference)}"
				f" and {table}.`reference_name` in ({names}))"
			)
	return f"({' or '.join(branches)})"


def readable_names_sql(doctype: str, user: str) -> str | None:
	"""The SQL selecting the names of `doctype` the user may read, or None when they may read none."""
	if not frappe.db.exists("DocType", doctype) or not frappe.has_permission(doctype, "read", user=user):
		return None
	# The qualified column: Frappe selects it as text on PostgreSQL (frappe.model.db_query.cast_name),
	# which `reference_name` (text) can be compared with; a bare `name` stays a bigint for
	# autoincrement DocTypes there ("operator does not exist: character varying = bigint").
	return frappe.get_list(
		doctype, fields=[f"`tab{doctype}`.`name`"], user=user, order_by="", limit_page_length=0, run=False
	)


def get_checked(doctype: str, name: Any, ptype: str = "read") -> Any:
	"""The document, or 404 when it does not exist, or 403 when the caller may not `ptype` it."""
	if name in (None, "") or not frappe.db.exists(doctype, name):
		not_found(doctype, name)
	doc = frappe.get_doc(doctype, name)
	doc.check_permission(ptype)
	return doc


def paged(
	doctype: str,
	*,
	fields: list[str],
	filters: Any = None,
	or_filters: Any = None,
	order_by: str,
	page: int,
	limit: int,
	serialize,
	skip_row_permissions: bool = False,
) -> dict[str, Any]:
	"""One page of `doctype` with the caller's permissions (`frappe.get_list`), in the shape of
	`filter_tasks`: data, page, page_size, total, has_next. `skip_row_permissions=True` is for
	endpoints that checked permission on the parent record themselves (`frappe.get_all`)."""
	reader = frappe.get_all if skip_row_permissions else frappe.get_list
	query = {"filters": filters, "or_filters": or_filters, "order_by": order_by}
	start = (page - 1) * limit
	if start < DEEP_OFFSET:
		rows = reader(doctype, fields=fields, limit_start=start, limit_page_length=limit, **query)
	else:
		rows = _deep_page(reader, doctype, fields, query, start, limit)
	count = counted(
		doctype, filters=filters, or_filters=or_filters, skip_row_permissions=skip_row_permissions
	)
	return {
		"data": [serialize(row) for row in rows],
		"page": page,
		"page_size": limit,
		"total": count,
		"has_next": page * limit < count,
	}


# From this offset on, a page first finds its names and then reads only those rows (a "deferred
# join"): OFFSET makes the database step over every skipped row, and stepping over index entries
# (the names, in the sort index) costs far less than over whole rows. At a million tasks a Sales
# User's page 500 went from 1.4 s to 21 ms. Below it, one query is cheaper than two.
DEEP_OFFSET = 500


def _deep_page(reader, doctype: str, fields: list[str], query: dict, start: int, limit: int) -> list:
	names = reader(
		doctype, fields=["name"], limit_start=start, limit_page_length=limit, pluck="name", **query
	)
	return rows_by_name(reader, doctype, fields, query, names)


def rows_by_name(reader, doctype: str, fields: list[str], query: dict, names: list) -> list:
	"""The rows of `names`, in that order, read with `query`'s filters again, so permissions and
	filters hold even if a row changed in between. No ORDER BY: with one, the database may walk the
	sort index to the page's depth instead of fetching the rows by primary key."""
	if not names:
		return []
	rows = reader(
		doctype,
		fields=fields,
		limit_page_length=len(names),
		**{**query, "filters": _with_names(query.get("filters"), names), "order_by": ""},
	)
	position = {str(name): index for index, name in enumerate(names)}
	return sorted(rows, key=lambda row: position[str(row.name)])


def _with_names(filters: Any, names: list) -> Any:
	"""`filters` (a dict or a list, as `frappe.get_list` takes them) narrowed to `names`."""
	if isinstance(filters, dict):
		return {**filters, "name": ("in", names)}
	return [*(filters or []), ["name", "in", names]]


def counted_up_to(cap: int, doctype: str, *, filters: Any = None, or_filters: Any = None) -> int:
	"""How many rows the caller may read match, counting no further than `cap`: the database stops
	at `cap` instead of visiting every match, as Frappe's list view counts
	(frappe.desk.reportview.get_count with a limit)."""
	matches = frappe.get_list(
		doctype,
		fields=[f"`tab{doctype}`.`name`"],
		filters=filters,
		or_filters=or_filters,
		order_by="",
		limit_page_length=cap,
		run=False,
	)
	return int(frappe.db.sql(f"select count(*) from ({matches}) as matches")[0][0])


def counted(
	doctype: str, *, filters: Any = None, or_filters: Any = None, skip_row_permissions: bool = False
) -> int:
	"""How many rows match, by SQL COUNT (never by fetching), with the caller's permissions unless
	`skip_row_permissions`."""
	reader = frappe.get_all if skip_row_permissions else frappe.get_list
	total = reader(
		doctype,
		fields=[f"count(`tab{doctype}`.`name`) as total"],
		filters=filters,
		or_filters=or_filters,
		order_by="",
	)
	return int(total[0].total) if total else 0
