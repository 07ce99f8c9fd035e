"""Install and migrate steps. Each is idempotent: running it twice changes nothing."""

import frappe

from crm.core.roles import APP_ROLES


def before_install() -> None:
	# Roles first: the app's DocType permissions name them.
	ensure_roles()


def after_install() -> None:
	after_migrate()


def after_migrate() -> None:
	from crm.common import sqlite_sequences
	from crm.contacts import setup as contacts_setup
	from crm.desk import setup as desk_setup
	from crm.email import setup as email_setup

	sqlite_sequences.ensure_table()
	ensure_roles()
	email_setup.apply()
	contacts_setup.apply()
	desk_setup.ensure_task_board()


def before_tests() -> None:
	after_migrate()
	frappe.db.commit()


def ensure_roles() -> None:
	for role in APP_ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)
