"""Bulk-inserting seed tasks: 50 sales users, then the rows of `crm.core.seed` in 10,000-row inserts."""

import functools
import itertools
import time

import click
import frappe
from frappe.database.sequence import get_next_val, set_next_val
from frappe.query_builder import Parameter
from frappe.utils import getdate

from crm.common import sqlite_sequences, task_versions
from crm.core import seed as core
from crm.core.roles import SALES_MANAGER, SALES_USER
from crm.core.tasks import DOCTYPE

SEED_DOMAIN = "crm-seed.example.com"
CHUNK = 10_000


def seed_users(count: int, kind: str = "seller", role: str = SALES_USER) -> list[str]:
	"""`count` users `<kind>-NNN@crm-seed.example.com` with `role` (made once)."""
	users = []
	for index in range(1, count + 1):
		email = f"{kind}-{index:03d}@{SEED_DOMAIN}"
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": f"{kind.title()} {index:03d}",
					"send_welcome_email": 0,
					"roles": [{"role": role}],
				}
			)
			user.flags.no_welcome_mail = True
			user.insert(ignore_permissions=True)
		users.append(email)
	frappe.db.commit()
	return users


@functools.cache
def insert_statement(doctype: str, columns: tuple[str, ...], rows: int) -> str:
	"""A multi-row INSERT of `rows` rows with placeholders for the values. Built once per size:
	`frappe.db.bulk_insert` renders every value through the query builder, which took 70% of the
	seeding time; the database driver escapes the values far faster."""
	placeholders = [Parameter("%s")] * len(columns)
	table = frappe.qb.DocType(doctype)
	return frappe.qb.into(table).columns(*columns).insert(*[placeholders] * rows).get_sql()


def insert(chunk: list[tuple]) -> None:
	frappe.db.sql(
		insert_statement(DOCTYPE, ("name", *core.COLUMNS), len(chunk)), [v for row in chunk for v in row]
	)


def reserve_ids(count: int) -> int:
	"""Reserve `count` CRM Task ids in one step (run the seeder on a quiet site); the first one."""
	if sqlite_sequences.needed():
		return sqlite_sequences.reserve(DOCTYPE, count)
	first = get_next_val(DOCTYPE)
	set_next_val(DOCTYPE, first + count - 1, is_val_used=True)
	return first


def seed(count: int, user_count: int, random_seed: int, manager_count: int = 5) -> None:
	"""A sales team's tasks: `user_count` sellers, `manager_count` managers who create and assign
	part of the work (see crm.core.seed). Access follows owner and assignee, as the app's rule has
	it (docs/mobile-api.md); the rows go in by bulk insert, so no ToDo or notification is made for
	them."""
	users = seed_users(user_count)
	managers = seed_users(manager_count, "manager", SALES_MANAGER)
	first = reserve_ids(count)
	ids = itertools.count(first)
	made = core.task_rows(count, getdate(), users, random_seed, managers)
	rows = ((next(ids), *row) for row in made)
	started = time.monotonic()
	with click.progressbar(
		length=count, label=f"Inserting {count:,} tasks", show_pos=True, show_eta=True
	) as bar:
		while chunk := list(itertools.islice(rows, CHUNK)):
			insert(chunk)
			frappe.db.commit()
			bar.update(len(chunk))
	task_versions.renew_every_version()  # the rows went in around CRM Task's hooks
	elapsed = time.monotonic() - started
	total = frappe.db.count(DOCTYPE)
	click.echo(f"{count:,} tasks in {elapsed:.1f} s ({count / elapsed:,.0f}/s); the site has {total:,} tasks")


ASSIGNED = 2_000


def assignee(count: int = ASSIGNED) -> str:
	"""A seller who owns no task and was assigned `count` of the managers' tasks (made once): the
	shape of a salesperson whose work all comes from their manager."""
	user = seed_users(1, "assignee")[0]
	task = frappe.qb.DocType(DOCTYPE)
	if frappe.db.count(DOCTYPE, {"assigned_to": user}) < count:
		managers = seed_users(5, "manager", SALES_MANAGER)
		picked = (
			frappe.qb.from_(task)
			.select(task.name)
			.where(task.owner.isin(managers))
			.orderby(task.name)
			.limit(count)
			.run(pluck=True)
		)
		frappe.qb.update(task).set(task.assigned_to, user).where(task.name.isin(picked)).run()
		frappe.db.commit()
		task_versions.renew_every_version()
	return user
