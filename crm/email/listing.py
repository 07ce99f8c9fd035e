"""The Human Inbox's list: one page of emails by keyset, counts per status, and what each row shows.

Paging walks the `crm_communication_date` index (communication_date, name) from the cursor on, so
the 500th page costs what the first does. Permission is the record's, as in
`crm.email.drafts.communications`: rows whose record the caller may not read are skipped.
"""

import frappe
from frappe.query_builder import Order
from frappe.query_builder.functions import Count

from crm.common.db_differences import like_any_case, rewritten_in_text
from crm.core import email_drafts, email_inbox
from crm.core.email_inbox import InboxFilters
from crm.email.drafts import SCAN_FACTOR
from crm.email.permissions import readable_references

MAX_SCAN = 5000  # rows read for one page at most (then it is answered short, with a cursor)
TITLE_MATCHES = 500  # records per DocType a search matches by title
MAX_GROUPS = 20000  # grouped rows read for the counts
MIN_BATCH = 50  # rows read at a time while skipping those whose record the caller may not read


def page(filters: InboxFilters) -> dict:
	"""`{"data", "limit", "next_cursor"}`: the emails after the cursor, newest first."""
	Comm = frappe.qb.DocType("Communication")
	query = (
		base_query(filters)
		.select(*(Comm[field] for field in email_drafts.FIELDS))
		.orderby(Comm.communication_date, order=Order.desc)
		.orderby(Comm.name, order=Order.desc)
	)
	if filters.cursor:
		stamp, name = filters.cursor.date, filters.cursor.name
		query = query.where(
			(Comm.communication_date < stamp) | ((Comm.communication_date == stamp) & (Comm.name < name))
		)
	rows, resume_after = readable_page(
		query, filters.limit, skip_row_permissions=filters.reference is not None
	)
	return {
		"data": described(rows),
		"limit": filters.limit,
		"next_cursor": email_inbox.encode_cursor(resume_after) if resume_after else None,
	}


def readable_page(query, limit: int, skip_row_permissions: bool) -> tuple[list[dict], dict | None]:
	"""Up to `limit` rows whose record the caller may read, and the row the next page starts after
	(None at the end). Rows are read in batches; after MAX_SCAN rows without a full page the page
	is answered short, with the last row read as the place to go on from."""
	if skip_row_permissions:
		rows = query.limit(limit + 1).run(as_dict=True)
		return rows[:limit], (rows[limit - 1] if len(rows) > limit else None)
	kept: list[dict] = []
	offset, batch = 0, max(limit * SCAN_FACTOR, MIN_BATCH)
	while offset < MAX_SCAN:
		rows = query.limit(batch).offset(offset).run(as_dict=True)
		allowed = readable_references({(r.reference_doctype, str(r.reference_name)) for r in rows})
		for row in rows:
			if (row.reference_doctype, str(row.reference_name)) not in allowed:
				continue
			if len(kept) == limit:
				return kept, kept[-1]  # one more readable row exists
			kept.append(row)
		if len(rows) < batch:
			return kept, None
		offset += batch
	return kept, rows[-1]


def facets(filters: InboxFilters) -> dict:
	"""Counts per status for the filters (status aside), and the agents and record types seen."""
	Comm = frappe.qb.DocType("Communication")
	groups = (
		base_query(filters, with_status=False)
		.select(
			Comm.reference_doctype,
			Comm.reference_name,
			Comm.delivery_status,
			Comm.sent_or_received,
			Comm.owner,
			Count("*").as_("count"),
		)
		.groupby(Comm.reference_doctype, Comm.reference_name, Comm.delivery_status, Comm.sent_or_received, Comm.owner)
		.limit(MAX_GROUPS)
		.run(as_dict=True)
	)  # fmt: skip
	if filters.reference is None:
		allowed = readable_references({(g.reference_doctype, str(g.reference_name)) for g in groups})
		groups = [g for g in groups if (g.reference_doctype, str(g.reference_name)) in allowed]
	counts = email_inbox.count_by_status(groups)
	return {
		"counts": counts,
		"total": sum(counts.values()),
		"agents": agents(sorted({g.owner for g in groups if g.owner})),
		"doctypes": sorted({g.reference_doctype for g in groups}),
	}


def base_query(filters: InboxFilters, with_status: bool = True):
	"""Email Communications on a record, narrowed by every filter but the cursor."""
	Comm = frappe.qb.DocType("Communication")
	query = (
		frappe.qb.from_(Comm)
		.where(Comm.communication_medium == "Email")
		.where(Comm.reference_doctype.isnotnull() & Comm.reference_name.isnotnull())
	)
	if filters.reference:
		doctype, name = filters.reference
		query = query.where((Comm.reference_doctype == doctype) & (Comm.reference_name == name))
	if with_status and filters.statuses:
		query = query.where(status_condition(Comm, filters.statuses))
	if filters.agent:
		query = query.where(Comm.owner == filters.agent)
	start, end = filters.date_range()
	if start:
		query = query.where(Comm.communication_date >= start)
	if end:
		query = query.where(Comm.communication_date < end)
	if filters.search:
		query = query.where(search_condition(Comm, filters.search))
	return query


def status_condition(Comm, statuses: list[str]):
	sent = (Comm.sent_or_received == "Sent") & Comm.delivery_status.isin(
		email_drafts.delivery_statuses(statuses) or [""]
	)
	if "Sent" in statuses:  # a sent email whose delivery status Frappe left empty is shown as Sent
		sent = sent | ((Comm.sent_or_received == "Sent") & Comm.delivery_status.isnull())
	return (sent | (Comm.sent_or_received == "Received")) if "Received" in statuses else sent


def search_condition(Comm, text: str):
	"""Subject, recipients, the record's name, or the record's title containing `text`."""
	pattern = like_pattern(text)
	columns = (Comm.subject, Comm.recipients, Comm.reference_name)
	condition = like_any_case(columns[0], pattern)
	for column in columns[1:]:
		condition = condition | like_any_case(column, pattern)
	for doctype, names in records_titled(text).items():
		condition = condition | ((Comm.reference_doctype == doctype) & Comm.reference_name.isin(names))
	return condition


def like_pattern(text: str) -> str:
	for char in rewritten_in_text():  # PostgreSQL: see crm/common/db_differences.py
		text = text.replace(char, "_")
	return f"%{text}%"


def records_titled(text: str) -> dict[str, list[str]]:
	"""Per record type the emails are on, the records (the caller may read) whose title has `text`."""
	Comm = frappe.qb.DocType("Communication")
	doctypes = (
		frappe.qb.from_(Comm)
		.select(Comm.reference_doctype)
		.distinct()
		.where(Comm.communication_medium == "Email")
		.where(Comm.reference_doctype.isnotnull())
		.run(pluck=True)
	)
	found: dict[str, list[str]] = {}
	for doctype in doctypes:
		field = title_field(doctype)
		if not field or not frappe.has_permission(doctype, "read"):
			continue
		names = frappe.get_list(
			doctype,
			filters={field: ("like", like_pattern(text))},
			pluck="name",
			limit_page_length=TITLE_MATCHES,
		)
		if names:
			found[doctype] = [str(name) for name in names]
	return found


def title_field(doctype: str) -> str | None:
	if not frappe.db.exists("DocType", doctype):
		return None
	meta = frappe.get_meta(doctype)
	field = meta.get_title_field()
	return field if field != "name" and meta.has_field(field) else None


def described(rows: list[dict]) -> list[dict]:
	"""Serialized emails with the record's title, the agent's name and the Email Queue's state."""
	titles = record_titles({(r.reference_doctype, str(r.reference_name)) for r in rows})
	names = agent_names({r.owner for r in rows if r.owner})
	queues = queue_rows([r.name for r in rows if r.get("delivery_status") not in (None, "", "Draft")])
	answer = []
	for row in rows:
		email = email_drafts.serialize(row)
		email["reference_title"] = titles.get((row.reference_doctype, str(row.reference_name)))
		email["owner_name"] = names.get(row.owner) or row.owner
		email["queue"] = email_inbox.queue_state(queues.get(row.name))
		answer.append(email)
	return answer


def record_titles(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
	by_doctype: dict[str, set[str]] = {}
	for doctype, name in pairs:
		by_doctype.setdefault(doctype, set()).add(name)
	titles: dict[tuple[str, str], str] = {}
	for doctype, names in by_doctype.items():
		field = title_field(doctype)
		if not field:
			continue
		for row in frappe.get_all(
			doctype, filters={"name": ("in", sorted(names))}, fields=["name", field], order_by=""
		):
			if row.get(field):
				titles[(doctype, str(row.name))] = str(row.get(field))
	return titles


def agent_names(users: set[str]) -> dict[str, str]:
	if not users:
		return {}
	rows = frappe.get_all(
		"User", filters={"name": ("in", sorted(users))}, fields=["name", "full_name"], order_by=""
	)
	return {row.name: row.full_name or row.name for row in rows}


def agents(users: list[str]) -> list[dict]:
	names = agent_names(set(users))
	return [{"user": user, "full_name": names.get(user) or user} for user in users]


def queue_rows(communications: list[str]) -> dict[str, dict]:
	"""The newest Email Queue row of each Communication."""
	if not communications:
		return {}
	rows = frappe.get_all(
		"Email Queue",
		filters={"communication": ("in", communications)},
		fields=["name", "communication", "status", "error", "send_after", "modified"],
		order_by="creation asc",
	)
	return {row.communication: row for row in rows}
