"""Bulk-inserting seed tasks: 50 sales users, then the rows of `crm.core.seed` in 10,000-row inserts."""

import itertools
import time

import click
import frappe
from frappe.utils import getdate

from crm.core import seed as core
from crm.core.tasks import DOCTYPE

SEED_DOMAIN = "crm-seed.example.com"
CHUNK = 10_000


def seed_users(count: int) -> list[str]:
	users = []
	for index in range(1, count + 1):
		email = f"seller-{index:03d}@{SEED_DOMAIN}"
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": f"Seller {index:03d}",
					"send_welcome_email": 0,
					"roles": [{"role": "Sales User"}],
				}
			)
			user.flags.no_welcome_mail = True
			user.insert(ignore_permissions=True)
		users.append(email)
	frappe.db.commit()
	return users


def seed(count: int, user_count: int, random_seed: int) -> None:
	users = seed_users(user_count)
	rows = core.task_rows(count, getdate(), users, random_seed)
	started = time.monotonic()
	with click.progressbar(
		length=count, label=f"Inserting {count:,} tasks", show_pos=True, show_eta=True
	) as bar:
		while True:
			chunk = list(itertools.islice(rows, CHUNK))
			if not chunk:
				break
			frappe.db.bulk_insert(DOCTYPE, list(core.COLUMNS), chunk, chunk_size=CHUNK)
			frappe.db.commit()
			bar.update(len(chunk))
	elapsed = time.monotonic() - started
	total = frappe.db.count(DOCTYPE)
	click.echo(f"{count:,} tasks in {elapsed:.1f} s ({count / elapsed:,.0f}/s); the site has {total:,} tasks")
