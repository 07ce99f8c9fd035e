"""Activities & Tasks (docs/core-api.md): logged activities and one timeline per record."""

from typing import Any

import frappe
from frappe.utils import get_system_timezone

from crm.activities import activity_store
from crm.common.errors import client_input
from crm.common.meta import doc_schema
from crm.core import activities, params
from crm.core.params import LooseInt


@frappe.whitelist()
@client_input
def get_activities(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	limit: LooseInt = 20,
	page: LooseInt = 1,
) -> dict[str, Any]:
	"""The record's timeline (activities, comments, emails, task changes), newest first."""
	doctype, name = params.reference_pair(
		{"reference_doctype": reference_doctype, "reference_name": reference_name},
		"reference_doctype",
		"reference_name",
		required=True,
	)
	page, limit = params.page_and_limit(page, limit)
	return activity_store.timeline(doctype, name, page, limit)


@frappe.whitelist(methods=["POST"])
@client_input
def create_activity(
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	activity_type: str | None = None,
	subject: str | None = None,
	notes: str | None = None,
	activity_date: str | None = None,
	duration_minutes: int | str | None = None,
	outcome: str | None = None,
) -> dict[str, Any]:
	"""Log a call, meeting, showing, email, WhatsApp or note on a record the caller may read."""
	values = activities.clean_activity(
		{
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"activity_type": activity_type,
			"subject": subject,
			"notes": notes,
			"activity_date": activity_date,
			"duration_minutes": duration_minutes,
			"outcome": outcome,
		},
		creating=True,
		site_tz=get_system_timezone(),
		activity=doc_schema(activities.DOCTYPE),
	)
	return activity_store.create(values)


@frappe.whitelist(methods=["POST"])
@client_input
def update_activity(
	name: str | None = None,
	activity_type: str | None = None,
	subject: str | None = None,
	notes: str | None = None,
	activity_date: str | None = None,
	duration_minutes: int | str | None = None,
	outcome: str | None = None,
) -> dict[str, Any]:
	"""Change the fields sent; the reference of an activity does not move."""
	values = activities.clean_activity(
		{
			"name": name,
			"activity_type": activity_type,
			"subject": subject,
			"notes": notes,
			"activity_date": activity_date,
			"duration_minutes": duration_minutes,
			"outcome": outcome,
		},
		creating=False,
		site_tz=get_system_timezone(),
		activity=doc_schema(activities.DOCTYPE),
	)
	return activity_store.update(params.text(name, "name", "name", 140, required=True), values)
