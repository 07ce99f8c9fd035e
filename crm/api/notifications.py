"""Notifications (docs/core-api.md): the caller's Notification Log."""

from typing import Any

import frappe

from crm.collab import notifications
from crm.common.errors import client_input
from crm.core import params
from crm.core.params import LooseInt


@frappe.whitelist()
@client_input
def get_notifications(
	limit: LooseInt = 20, unread_only: bool | int | str | None = False, page: LooseInt = 1
) -> dict[str, Any]:
	"""Newest first, with `unread_count`."""
	page, limit = params.page_and_limit(page, limit)
	return notifications.notifications(params.truthy(unread_only), page, limit)


@frappe.whitelist(methods=["POST"])
@client_input
def mark_read(name: str | None = None, all: bool | int | str | None = False) -> dict[str, Any]:
	"""Mark one notification (`name`) or all of the caller's (`all=1`) as read."""
	return notifications.mark_read(params.text(name, "name", "name", 140), params.truthy(all))
