"""Chart source "Tasks Done per Week by Seller": one bar per seller and week.

Not cached (Frappe's `cache_source` keeps one answer per chart for every user): each caller sees
only the tasks they may read.
"""

from typing import Any

import frappe

from crm.core import desk_figures
from crm.desk import figures
from crm.mobile.tasks import site_today


@frappe.whitelist()
def get(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: int | str | None = None,
	filters: str | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: int | str | None = None,
) -> dict[str, Any]:
	weeks = desk_figures.week_count((frappe.parse_json(filters) or {}).get("weeks"))
	return figures.done_per_week_by_seller(site_today(), weeks)
