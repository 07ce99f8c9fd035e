"""The mobile endpoints against the database floor and against Frappe's generic REST API.

Run by `bench --site S crm-benchmark --url http://127.0.0.1:8000` on a seeded site (see
`crm-seed-tasks`). For each case it measures, over `runs` calls as one seeded Sales User:
- the endpoint over HTTP on loopback (server time plus a loopback round trip);
- `/api/method/ping` over HTTP, Frappe's own floor for any call;
- the SQL the endpoint needs, the database floor: the SELECT statements the endpoint runs (caught
  by Frappe's recorder when called in this process as that user) replayed through `frappe.db`;
- the generic-REST calls a mobile developer would otherwise make (`/api/resource/CRM Task` plus a
  count, three lists for the buckets).
It prints a table with the ratios and the targets, and returns the figures for docs/benchmarks.md.
"""

import json
import os
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
import frappe
import frappe.recorder
import requests
from frappe.utils import now_datetime
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from crm.api import mobile_api
from crm.commands import seeding
from crm.common import app_settings, task_shares, task_versions
from crm.common.records import counted
from crm.core import benchmarks, task_queries
from crm.core.roles import SALES_MANAGER
from crm.core.tasks import DOCTYPE, LIST_FIELDS
from crm.mobile import tasks

LIST = ",".join(f'"{field}"' for field in LIST_FIELDS)


def timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
	return timed_together({"fn": fn}, runs)["fn"]


def timed_together(
	fns: dict[str, Callable[[], Any]], runs: int, before: dict[str, Callable[[], Any]] | None = None
) -> dict[str, dict[str, float]]:
	"""Median and p95 (ms) of each function, called in turn in every round, so that all of them
	meet the same machine state (other load, worker caches) and their ratios are fair; `before`
	a function, untimed, what it names."""
	before = before or {}
	for fn in fns.values():
		fn()  # warm caches, as a phone's second request would find them
	samples: dict[str, list[float]] = {name: [] for name in fns}
	for _ in range(runs):
		for name, fn in fns.items():
			if name in before:
				before[name]()
			started = time.perf_counter()
			fn()
			samples[name].append((time.perf_counter() - started) * 1000)
	return {name: benchmarks.stats(values) for name, values in samples.items()}


class Client:
	def __init__(self, url: str, site: str, token: str) -> None:
		self.url, self.session = url.rstrip("/"), requests.Session()
		self.session.headers.update({"Host": site, "Authorization": token, "Accept": "application/json"})

	def get(self, path: str, **params: Any) -> Any:
		return self._answer(path, self.session.get(self.url + path, params=params, timeout=120))

	def post(self, path: str, **body: Any) -> Any:
		return self._answer(path, self.session.post(self.url + path, json=body, timeout=120))

	@staticmethod
	def _answer(path: str, answer: requests.Response) -> Any:
		if answer.status_code != 200:
			raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")
		return answer.json()


def captured_sql(fn: Callable[[], Any]) -> list[str]:
	"""The SELECT statements `fn` runs, caught by Frappe's recorder in this process on a second call
	(caches warm, as in the measured requests), with their values in place. Each call runs as in
	its own HTTP request, so what the app reads once per request is caught once."""
	with as_in_a_request():
		fn()
	frappe.recorder.record(force=True)
	recorder = frappe.local._recorder  # Frappe 15's record() returns nothing; 16's returns it too
	try:
		with as_in_a_request():
			fn()
	finally:
		recorder.cleanup()
		del frappe.local._recorder
	return [call["query"] for call in recorder.calls if call["query"].lstrip()[:6].lower() == "select"]


@contextmanager
def as_in_a_request() -> Iterator[None]:
	"""A request scope around an in-process call: the caller's task shares are read once, as
	during an HTTP request (crm/common/task_shares.py), and forgotten after it."""
	frappe.local.request = Request(EnvironBuilder(path="/api/method/crm-benchmark").get_environ())
	try:
		yield
	finally:
		frappe.local.request = None
		task_shares.forget()


def plan(statement: str) -> list[dict[str, Any]]:
	"""The database's plan for a statement: table, index used and estimated rows per step."""
	steps = frappe.db.sql(f"EXPLAIN {statement}", as_dict=True)
	return [
		{"key": step.get("key"), "rows": int(step.get("rows") or 0), "extra": step.get("Extra")}
		for step in steps
	]


def run_sql(statements: list[str]) -> None:
	for statement in statements:
		frappe.db.sql(statement)


def measure(url: str, site: str, user: str, token: str, runs: int) -> list[dict[str, Any]]:
	client = Client(url, site, token)
	api = "/api/method/crm.api.mobile_api."
	frappe.set_user(user)
	today = tasks.site_today()
	default = task_queries.filter_query(
		date_from=None,
		date_to=None,
		priorities=[],
		statuses=[],
		order_terms=task_queries.parse_order_by(None),
	)
	depth = benchmarks.deep_depth(counted(DOCTYPE))  # exact, unlike the answers' capped total
	page = depth // 20
	cursor = mobile_api.filter_tasks(limit=20, page=page)["next_cursor"]  # after `depth` tasks
	if not cursor:
		raise RuntimeError(f"the benchmark needs tasks that {user} can read: seed the site first")
	buckets = [
		task_queries.today_query(today),
		task_queries.late_query(today),
		task_queries.upcoming_query(today),
	]
	rest = "/api/resource/CRM Task"
	count = "/api/method/frappe.client.get_count"

	def rest_list(query: task_queries.TaskQuery, start: int = 0, limit: int = 20) -> None:
		client.get(
			rest,
			fields=f"[{LIST}]",
			filters=frappe.as_json(query.filters),
			or_filters=frappe.as_json(query.or_filters),
			order_by=query.order_by,
			limit_start=start,
			limit_page_length=limit,
		)

	def rest_count(query: task_queries.TaskQuery) -> None:
		client.get(count, doctype=DOCTYPE, filters=frappe.as_json(query.filters))

	# (case, HTTP call, the same call in this process, the generic-REST equivalent)
	window = {"date_from": str(today - timedelta(days=30)), "date_to": str(today + timedelta(days=30))}
	high_todo = {"importance": "High", "status": "Todo"}

	def filtered(**args: Any) -> task_queries.TaskQuery:
		return task_queries.filter_query(
			date_from=args.get("date_from"),
			date_to=args.get("date_to"),
			priorities=[args["importance"]] if "importance" in args else [],
			statuses=[args["status"]] if "status" in args else [],
			order_terms=task_queries.parse_order_by(None),
		)

	since = str(now_datetime() - timedelta(days=1))
	cases = [
		(
			"filter_tasks High+Todo",
			lambda: client.get(api + "filter_tasks", limit=20, **high_todo),
			lambda: mobile_api.filter_tasks(limit=20, **high_todo),
			lambda: (rest_list(filtered(**high_todo)), rest_count(filtered(**high_todo))),
		),
		(
			"filter_tasks ±30 days",
			lambda: client.get(api + "filter_tasks", limit=20, **window),
			lambda: mobile_api.filter_tasks(limit=20, **window),
			lambda: (rest_list(filtered(**window)), rest_count(filtered(**window))),
		),
		(
			"filter_tasks page 100",
			lambda: client.get(api + "filter_tasks", limit=20, page=100),
			lambda: mobile_api.filter_tasks(limit=20, page=100),
			lambda: (rest_list(default, start=1980), rest_count(default)),
		),
		(
			"sync_tasks",
			lambda: client.get(api + "sync_tasks", since=since, limit=100),
			lambda: mobile_api.sync_tasks(since=since, limit=100),
			lambda: rest_list(task_queries.TaskQuery(filters=[["modified", ">=", since]]), limit=100),
		),
		(
			"home_tasks",
			lambda: client.get(api + "home_tasks", limit=5),
			lambda: mobile_api.home_tasks(limit=5),
			lambda: rest_list(buckets[0], limit=5),
		),
		(
			"filter_tasks page 1",
			lambda: client.get(api + "filter_tasks", limit=20, page=1),
			lambda: mobile_api.filter_tasks(limit=20, page=1),
			lambda: (rest_list(default), rest_count(default)),
		),
		(
			f"filter_tasks page {page}",
			lambda: client.get(api + "filter_tasks", limit=20, page=page),
			lambda: mobile_api.filter_tasks(limit=20, page=page),
			lambda: (rest_list(default, start=depth - 20), rest_count(default)),
		),
		(
			f"{benchmarks.CURSOR_CASE}{depth:,}",
			lambda: client.get(api + "filter_tasks", limit=20, cursor=cursor),
			lambda: mobile_api.filter_tasks(limit=20, cursor=cursor),
			lambda: (rest_list(default, start=depth), rest_count(default)),
		),
		(
			"main_page_buckets",
			lambda: client.get(api + "main_page_buckets", min_each=5),
			lambda: mobile_api.main_page_buckets(min_each=5),
			lambda: [rest_list(query, limit=5) for query in buckets],
		),
	]
	results = []

	def ping() -> None:
		client.get("/api/method/ping")

	for name, endpoint, in_process, generic in cases:
		in_process()  # the values it keeps (crm/common/task_versions.py): the statements of a warm call
		statements = captured_sql(in_process)
		times = timed_together(
			{
				"ping": ping,
				"endpoint": endpoint,
				"sql": lambda statements=statements: run_sql(statements),
				"rest": generic,
				"cold": endpoint,
			},
			runs,
			before={"cold": task_versions.renew_every_version},
		)
		queries = [{"sql": statement, "plan": plan(statement)} for statement in statements]
		results.append({"case": name, **times, "queries": queries})
	ping_alone = timed(ping, runs)
	results.extend(_writes(client, api, ping_alone, runs))
	frappe.set_user("Administrator")
	return results


def _writes(client: Client, api: str, ping: dict, runs: int) -> list[dict[str, Any]]:
	made: list[int] = []

	def create() -> None:
		made.append(
			client.post(api + "create_task", title="Benchmark task", task_type="Call")["message"]["name"]
		)

	def edit() -> None:
		client.post(api + "edit_task", task_id=made[-1], priority="High")

	def delete() -> None:
		client.post(api + "delete_task", task_id=made.pop())

	rows = [{"case": "create_task", "endpoint": timed(create, runs), "ping": ping}]
	rows.append({"case": "edit_task", "endpoint": timed(edit, runs), "ping": ping})
	rows.append({"case": "delete_task", "endpoint": timed(delete, min(runs, len(made) - 1)), "ping": ping})
	for task in made:
		client.post(api + "delete_task", task_id=task)
	return rows


ROLES = ("owner", "assignee", "manager")


def role_user(role: str) -> str:
	"""The seeded user who plays `role`: a seller who owns their tasks, a seller whose tasks a
	manager assigned (`seeding.ASSIGNED` of them, none of their own), or a manager who sees all."""
	if role == "manager":
		return seeding.seed_users(1, "manager", SALES_MANAGER)[0]
	if role == "assignee":
		return seeding.assignee()
	return seeding.seed_users(1)[0]


def _machine() -> str:
	"""What the figures depend on besides the code: CPUs, Python, Frappe, database, and whether the
	rate limits were counted (each call then counts itself in Redis)."""
	limits = "on" if int(app_settings.get("rate_limits_enabled") or 0) else "off"
	python = f"{platform.python_implementation()} {platform.python_version()}"
	return f"{os.cpu_count()} CPUs, {python}, Frappe {frappe.__version__}, {frappe.db.db_type}, rate limits {limits}"


def run(site: str, url: str, runs: int, label: str, out: str, role: str = "all") -> None:
	"""`bench crm-benchmark`: measure as `role`, or as each of ROLES one after another ("all")."""
	for each in ROLES if role == "all" else (role,):
		run_role(site, url, runs, label, out, each)


def run_role(site: str, url: str, runs: int, label: str, out: str, role: str) -> None:
	"""Measure as the seeded user who plays `role`, print the table, and file the figures under
	"`label` `role`" in `out` (docs/benchmarks.md is written beside it)."""
	user = role_user(role)
	label = f"{label} {role}"
	doc = frappe.get_doc("User", user)
	secret = frappe.generate_hash(length=15)
	doc.api_key, doc.api_secret = doc.api_key or frappe.generate_hash(length=15), secret
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	rows = measure(url, site, user, f"token {doc.api_key}:{secret}", runs)
	path = Path(out).resolve()
	figures = json.loads(path.read_text()) if path.exists() else {}
	figures[label] = {"tasks": frappe.db.count(DOCTYPE), "runs": runs, "machine": _machine(), "rows": rows}
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(json.dumps(figures, indent=1))
	(path.parent / "benchmarks.md").write_text(benchmarks.report(figures))
	click.echo("\n".join(benchmarks.table(rows)))
