"""Leads & Contacts and Organizations (docs/core-api.md)."""

from typing import Any

import frappe

from crm.common.errors import client_input
from crm.common.meta import doc_schema
from crm.contacts import contact_store
from crm.core import contacts, params
from crm.core.params import LooseInt


@frappe.whitelist()
@client_input
def get_contacts(
	search: str | None = None, limit: LooseInt = 20, page: LooseInt = 1, organization: str | None = None
) -> dict[str, Any]:
	"""Contacts the caller may read, newest change first: data, page, page_size, total, has_next."""
	page, limit = params.page_and_limit(page, limit)
	return contact_store.contact_page(
		search, params.text(organization, "organization", "organization", 140), page, limit
	)


@frappe.whitelist(methods=["POST"])
@client_input
def create_contact(
	first_name: str | None = None,
	last_name: str | None = None,
	email: str | None = None,
	phone: str | None = None,
	mobile: str | None = None,
	organization: str | None = None,
	designation: str | None = None,
) -> dict[str, Any]:
	"""A new contact; the same primary email as another contact is 409."""
	return contact_store.create_contact(
		contacts.clean_contact(
			{
				"first_name": first_name,
				"last_name": last_name,
				"email": email,
				"phone": phone,
				"mobile": mobile,
				"organization": organization,
				"designation": designation,
			},
			creating=True,
		)
	)


@frappe.whitelist(methods=["POST"])
@client_input
def update_contact(
	name: str | None = None,
	first_name: str | None = None,
	last_name: str | None = None,
	email: str | None = None,
	phone: str | None = None,
	mobile: str | None = None,
	organization: str | None = None,
	designation: str | None = None,
) -> dict[str, Any]:
	"""Change the fields sent (null or absent: unchanged; "": cleared)."""
	values = {
		"first_name": first_name,
		"last_name": last_name,
		"email": email,
		"phone": phone,
		"mobile": mobile,
		"organization": organization,
		"designation": designation,
	}
	return contact_store.update_contact(_name(name), contacts.clean_contact(values, creating=False))


@frappe.whitelist(methods=["POST"])
@client_input
def delete_contact(name: str | None = None) -> dict[str, bool]:
	return contact_store.delete_contact(_name(name))


@frappe.whitelist()
@client_input
def get_organizations(search: str | None = None, limit: LooseInt = 20, page: LooseInt = 1) -> dict[str, Any]:
	page, limit = params.page_and_limit(page, limit)
	return contact_store.organization_page(search, page, limit)


@frappe.whitelist(methods=["POST"])
@client_input
def create_organization(
	organization_name: str | None = None,
	website: str | None = None,
	industry: str | None = None,
	size: str | None = None,
	email: str | None = None,
	phone: str | None = None,
	address_line1: str | None = None,
	address_line2: str | None = None,
	city: str | None = None,
	state: str | None = None,
	postal_code: str | None = None,
	country: str | None = None,
) -> dict[str, Any]:
	"""A new organization; a name already taken (in any letter case) is 409."""
	return contact_store.create_organization(
		_clean_organization(
			{
				"organization_name": organization_name,
				"website": website,
				"industry": industry,
				"size": size,
				"email": email,
				"phone": phone,
				"address_line1": address_line1,
				"address_line2": address_line2,
				"city": city,
				"state": state,
				"postal_code": postal_code,
				"country": country,
			},
			creating=True,
		)
	)


@frappe.whitelist(methods=["POST"])
@client_input
def update_organization(
	name: str | None = None,
	organization_name: str | None = None,
	website: str | None = None,
	industry: str | None = None,
	size: str | None = None,
	email: str | None = None,
	phone: str | None = None,
	address_line1: str | None = None,
	address_line2: str | None = None,
	city: str | None = None,
	state: str | None = None,
	postal_code: str | None = None,
	country: str | None = None,
) -> dict[str, Any]:
	"""Change the fields sent; a new organization_name renames it (its contacts follow)."""
	values = {
		"organization_name": organization_name,
		"website": website,
		"industry": industry,
		"size": size,
		"email": email,
		"phone": phone,
		"address_line1": address_line1,
		"address_line2": address_line2,
		"city": city,
		"state": state,
		"postal_code": postal_code,
		"country": country,
	}
	return contact_store.update_organization(_name(name), _clean_organization(values, creating=False))


def _clean_organization(values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
	"""The organization fields of `values`, checked against the site's CRM Organization."""
	site = doc_schema(contacts.ORGANIZATION)
	return contacts.clean_organization(values, creating=creating, organization=site)


def _name(value: object) -> str:
	return params.text(value, "name", "name", 140, required=True)
