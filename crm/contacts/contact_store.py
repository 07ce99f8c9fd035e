"""Contacts on Frappe's Contact (email and phone as its child rows) and CRM Organizations."""

from typing import Any

import frappe
from frappe import _

from crm.common.db_differences import rewritten_in_text
from crm.common.records import get_checked, paged
from crm.core import contacts as core


def contact_page(search: object, organization: str | None, page: int, limit: int) -> dict[str, Any]:
	filters = {"organization": organization} if organization else None
	return paged(
		"Contact",
		fields=list(core.CONTACT_LIST_COLUMNS),
		filters=filters,
		or_filters=core.search_filters(search, core.SEARCH_COLUMNS, rewritten_in_text()),
		order_by="`tabContact`.`modified` desc",
		page=page,
		limit=limit,
		serialize=core.serialize_contact,
	)


def _check_unique_email(email: str, current: str | None = None) -> None:
	if not email:
		return
	owners = frappe.get_all(
		"Contact Email", filters={"email_id": email, "parenttype": "Contact"}, pluck="parent", limit=5
	)
	others = [owner for owner in owners if owner != current]
	if not others:
		return
	readable = [name for name in others if frappe.has_permission("Contact", "read", doc=name)]
	if readable:  # name the contact only to someone who may read it
		message = _("A contact with the email {0} already exists: {1}").format(email, readable[0])
	else:
		message = _("A contact with the email {0} already exists").format(email)
	frappe.throw(message, frappe.DuplicateEntryError)


def _apply(doc, values: dict[str, Any]) -> None:
	for key in ("first_name", "last_name", "designation", "organization"):
		if key in values:
			doc.set(key, values[key] or None)
	if "email" in values:
		doc.set("email_ids", [row for row in doc.email_ids if not row.is_primary])
		if values["email"]:
			doc.add_email(values["email"], is_primary=1)
	if "phone" in values:
		doc.set("phone_nos", [row for row in doc.phone_nos if not row.is_primary_phone])
		if values["phone"]:
			doc.add_phone(values["phone"], is_primary_phone=1)
	if "mobile" in values:
		doc.set("phone_nos", [row for row in doc.phone_nos if not row.is_primary_mobile_no])
		if values["mobile"]:
			doc.add_phone(values["mobile"], is_primary_mobile_no=1)


def _answer(doc) -> dict[str, Any]:
	doc.reload()
	return core.serialize_contact(doc.as_dict())


def create_contact(values: dict[str, Any]) -> dict[str, Any]:
	frappe.has_permission("Contact", "create", throw=True)
	_check_unique_email(values.get("email", ""))
	doc = frappe.new_doc("Contact")
	_apply(doc, values)
	doc.insert()
	return _answer(doc)


def update_contact(name: str, values: dict[str, Any]) -> dict[str, Any]:
	doc = get_checked("Contact", name, "write")
	_check_unique_email(values.get("email", ""), current=doc.name)
	_apply(doc, values)
	doc.save()
	return _answer(doc)


def delete_contact(name: str) -> dict[str, bool]:
	get_checked("Contact", name, "delete")
	frappe.delete_doc("Contact", name)
	return {"ok": True}


ORG = core.ORGANIZATION


def organization_page(search: object, page: int, limit: int) -> dict[str, Any]:
	return paged(
		ORG,
		fields=["name", *core.ORGANIZATION_FIELDS, "modified"],
		or_filters=core.search_filters(search, core.ORG_SEARCH_COLUMNS, rewritten_in_text()),
		order_by=f"`tab{ORG}`.`organization_name` asc",
		page=page,
		limit=limit,
		serialize=core.serialize_organization,
	)


def create_organization(values: dict[str, Any]) -> dict[str, Any]:
	frappe.has_permission(ORG, "create", throw=True)
	doc = frappe.get_doc({"doctype": ORG, **values})
	doc.insert()
	return core.serialize_organization(doc.as_dict())


def update_organization(name: str, values: dict[str, Any]) -> dict[str, Any]:
	doc = get_checked(ORG, name, "write")
	new_name = values.get("organization_name")
	if new_name and new_name != doc.name:
		if frappe.db.exists(ORG, new_name):
			frappe.throw(
				_("An organization named {0} already exists").format(new_name), frappe.DuplicateEntryError
			)
		frappe.rename_doc(ORG, doc.name, new_name)  # 409 if taken; Contacts' links follow the new name
		doc = frappe.get_doc(ORG, new_name)
	doc.update(values)
	doc.save()
	return core.serialize_organization(doc.as_dict())
