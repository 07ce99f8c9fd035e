"""Script report "Overdue Tasks by Seller": unfinished tasks due before today, per seller and
priority, with a chart. Rows come through the caller's permissions (crm/desk/figures.py): a Sales
User sees their own row only."""

from typing import Any

from frappe import _
from frappe.utils import get_fullname

from crm.core import desk_figures
from crm.desk import figures
from crm.mobile.tasks import site_today


def execute(filters: dict[str, Any] | None = None) -> tuple[list, list, None, dict]:
	filters = filters or {}
	lines = desk_figures.overdue_by_seller(figures.overdue_rows(site_today(), filters))
	if filters.get("seller"):
		lines = [line for line in lines if line["seller"] == filters["seller"]]
	chart = desk_figures.overdue_chart(lines)
	chart["data"]["labels"] = [get_fullname(line["seller"]) for line in lines]
	return columns(), lines, None, chart


def columns() -> list[dict[str, Any]]:
	return [column | {"label": _(column["label"])} for column in desk_figures.REPORT_COLUMNS]
