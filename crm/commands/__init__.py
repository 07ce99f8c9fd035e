"""Bench commands of the app: `crm-seed-tasks`, `crm-seed-emails` and `crm-benchmark` (`bench --site S <command>`)."""

from collections.abc import Callable

import click
from frappe.commands import get_site, pass_context


def _on_site(context, work: Callable[[str], None]) -> None:
	"""Run `work(site)` connected to the command's site."""
	import frappe

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		work(site)
	finally:
		frappe.destroy()


@click.command("crm-seed-tasks")
@click.option("--count", type=click.IntRange(1, 5_000_000), default=10_000, show_default=True)
@click.option(
	"--users",
	type=click.IntRange(1, 500),
	default=50,
	show_default=True,
	help="Sellers (Sales Users) the tasks belong to",
)
@click.option(
	"--managers",
	type=click.IntRange(0, 100),
	default=5,
	show_default=True,
	help="Sales Managers who create and assign part of the tasks",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Same seed, same tasks")
@pass_context
def seed_tasks(context, count: int, users: int, managers: int, seed: int) -> None:
	"""Fill the site with COUNT realistic CRM Tasks by bulk insert (for load tests and benchmarks)."""
	from crm.commands import seeding

	_on_site(context, lambda _site: seeding.seed(count, users, seed, managers))


@click.command("crm-benchmark")
@click.option("--url", default="http://127.0.0.1:8000", show_default=True, help="The site over loopback")
@click.option("--runs", type=click.IntRange(5, 1000), default=30, show_default=True)
@click.option("--label", required=True, help='The size this run is filed under, e.g. "1M"')
@click.option(
	"--role",
	type=click.Choice(["all", "owner", "assignee", "manager"]),
	default="all",
	show_default=True,
	help="A seller who owns their tasks, a seller whose tasks a manager assigned, a manager, or the three in turn",
)
@click.option(
	"--out",
	default="docs/benchmarks.json",
	show_default=True,
	help="Figures; docs/benchmarks.md is written beside",
)
@pass_context
def benchmark(context, url: str, runs: int, label: str, out: str, role: str) -> None:
	"""Time the mobile endpoints against ping, their SQL and the generic REST API."""
	from crm.commands import mobile_benchmark as measuring

	_on_site(context, lambda site: measuring.run(site, url, runs, label, out, role))


@click.command("crm-seed-emails")
@click.option("--count", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True)
@click.option("--contacts", type=click.IntRange(1, 10_000), default=50, show_default=True)
@pass_context
def seed_emails(context, count: int, contacts: int) -> None:
	"""Fill a development site with COUNT email Communications (the Human Inbox's load check)."""
	from crm.commands import email_seeding

	_on_site(context, lambda _site: click.echo(email_seeding.seed(count, contacts)))


commands = [seed_tasks, benchmark, seed_emails]
