"""The `crm_email_draft_created` event: realtime to the people who can see the draft, and webhooks."""

import frappe

from crm.core.email_drafts import serialize
from crm.core.roles import APP_ROLES, SYSTEM_MANAGER
from crm.webhooks.delivery import emit

DRAFT_CREATED = "crm_email_draft_created"


def draft_created(doc) -> None:
	data = event_data(doc)
	for user in audience(doc):
		frappe.publish_realtime(DRAFT_CREATED, data, user=user, after_commit=True)
	emit(DRAFT_CREATED, data, "Communication", doc.name)


def event_data(doc) -> dict:
	"""What subscribers receive: the draft without its body (they fetch it with their own rights)."""
	answer = serialize(doc.as_dict(), with_content=False)
	answer.pop("preview", None)
	answer["created"] = str(doc.creation)
	return answer


def audience(doc) -> list[str]:
	"""Enabled desk users with a CRM role who may read the draft."""
	HasRole = frappe.qb.DocType("Has Role")
	User = frappe.qb.DocType("User")
	candidates = (
		frappe.qb.from_(User)
		.join(HasRole)
		.on((HasRole.parent == User.name) & (HasRole.parenttype == "User"))
		.select(User.name)
		.distinct()
		.where((User.enabled == 1) & (User.user_type == "System User"))
		.where(HasRole.role.isin([*APP_ROLES, SYSTEM_MANAGER]))
		.run(pluck=True)
	)
	return [user for user in candidates if frappe.has_permission("Communication", "read", doc=doc, user=user)]
