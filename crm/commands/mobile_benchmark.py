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
from dataclasses import dataclass
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
	return [call["query"] for call in recorder.calls if benchmarks.reads(call["query"])]


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


API = "/api/method/crm.api.mobile_api."


@dataclass(frozen=True)
class Case:
	"""One read case: the HTTP call, the same call in this process (its statements are caught
	there), and the generic-REST calls a mobile developer would otherwise make."""

	name: str
	endpoint: Callable[[], Any]
	in_process: Callable[[], Any]
	generic: Callable[[], Any]


def measure(url: str, site: str, user: str, token: str, runs: int) -> list[dict[str, Any]]:
	client = Client(url, site, token)
	frappe.set_user(user)
	results = [_measured(case, client, runs) for case in read_cases(client, user)]
	results.extend(_writes(client, timed(lambda: _ping(client), runs), runs))
	frappe.set_user("Administrator")
	return results


def _ping(client: Client) -> None:
	client.get("/api/method/ping")


def _measured(case: Case, client: Client, runs: int) -> dict[str, Any]:
	"""`case` timed against ping, its statements and the generic REST calls, warm and cold."""
	case.in_process()  # the values it keeps (crm/common/task_versions.py): the statements of a warm call
	statements = captured_sql(case.in_process)
	calls = {
		"ping": lambda: _ping(client),
		"endpoint": case.endpoint,
		"sql": lambda: run_sql(statements),
		"rest": case.generic,
		"cold": case.endpoint,
	}
	times = timed_together(calls, runs, before={"cold": task_versions.renew_every_version})
	queries = [{"sql": statement, "plan": plan(statement)} for statement in statements]
	return {"case": case.name, **times, "queries": queries}


def read_cases(client: Client, user: str) -> list[Case]:
	"""The read cases, as `user` (the session's user already)."""
	today, cases, default = tasks.site_today(), CaseMaker(client), _filtered()
	rest, (depth, cursor) = cases.rest, _deep_position(user)
	window = {"date_from": str(today - timedelta(days=30)), "date_to": str(today + timedelta(days=30))}
	high_todo = {"importance": "High", "status": "Todo"}
	since = str(now_datetime() - timedelta(days=1))
	changed = task_queries.TaskQuery(filters=[["modified", ">=", since]])
	buckets = [
		make(today)
		for make in (task_queries.today_query, task_queries.late_query, task_queries.upcoming_query)
	]
	return [
		cases.listing("filter_tasks High+Todo", lambda: rest.page(_filtered(**high_todo)), **high_todo),
		cases.listing("filter_tasks ±30 days", lambda: rest.page(_filtered(**window)), **window),
		cases.listing("filter_tasks page 100", lambda: rest.page(default, 1980), page=100),
		cases.of("sync_tasks", lambda: rest.rows(changed, limit=100), since=since, limit=100),
		cases.of("home_tasks", lambda: rest.rows(buckets[0], limit=5), limit=5),
		cases.listing("filter_tasks page 1", lambda: rest.page(default), page=1),
		cases.listing(
			f"filter_tasks page {depth // 20}", lambda: rest.page(default, depth - 20), page=depth // 20
		),
		cases.listing(f"{benchmarks.CURSOR_CASE}{depth:,}", lambda: rest.page(default, depth), cursor=cursor),
		cases.of("main_page_buckets", lambda: [rest.rows(query, limit=5) for query in buckets], min_each=5),
	]


class CaseMaker:
	"""Cases of the mobile API against one client; a case named after its endpoint calls it."""

	def __init__(self, client: Client) -> None:
		self.client, self.rest = client, Rest(client)

	def of(self, name: str, generic: Callable[[], Any], method: str = "", **args: Any) -> Case:
		"""`method` (`name` unless given) called with `args`, over HTTP and in this process."""
		method = method or name
		return Case(
			name,
			lambda: self.client.get(API + method, **args),
			lambda: getattr(mobile_api, method)(**args),
			generic,
		)

	def listing(self, name: str, generic: Callable[[], Any], **args: Any) -> Case:
		"""A page of 20 from `filter_tasks`."""
		return self.of(name, generic, "filter_tasks", limit=20, **args)


def _deep_position(user: str) -> tuple[int, str]:
	"""How deep the deep cases read (a numbered page there, and a cursor after it), and that
	cursor."""
	depth = benchmarks.deep_depth(counted(DOCTYPE))  # exact, unlike the answers' capped total
	cursor = mobile_api.filter_tasks(limit=20, page=depth // 20)["next_cursor"]  # after `depth` tasks
	if not cursor:
		raise RuntimeError(f"the benchmark needs tasks that {user} can read: seed the site first")
	return depth, cursor


def _filtered(**args: Any) -> task_queries.TaskQuery:
	"""The query `filter_tasks` runs for `args` (`importance`, `status`, `date_from`, `date_to`)."""
	return task_queries.filter_query(
		date_from=args.get("date_from"),
		date_to=args.get("date_to"),
		priorities=[args["importance"]] if "importance" in args else [],
		statuses=[args["status"]] if "status" in args else [],
		order_terms=task_queries.parse_order_by(None),
	)


class Rest:
	"""Frappe's generic REST API, as a mobile developer would call it for the same list."""

	def __init__(self, client: Client) -> None:
		self.client = client

	def rows(self, query: task_queries.TaskQuery, start: int = 0, limit: int = 20) -> None:
		self.client.get(
			"/api/resource/CRM Task",
			fields=f"[{LIST}]",
			filters=frappe.as_json(query.filters),
			or_filters=frappe.as_json(query.or_filters),
			order_by=query.order_by,
			limit_start=start,
			limit_page_length=limit,
		)

	def page(self, query: task_queries.TaskQuery, start: int = 0) -> None:
		"""A page of 20 and the list's count."""
		self.rows(query, start)
		self.client.get(
			"/api/method/frappe.client.get_count", doctype=DOCTYPE, filters=frappe.as_json(query.filters)
		)


def _writes(client: Client, ping: dict, runs: int) -> list[dict[str, Any]]:
	made: list[int] = []

	def create() -> None:
		made.append(
			client.post(API + "create_task", title="Benchmark task", task_type="Call")["message"]["name"]
		)

	def edit() -> None:
		client.post(API + "edit_task", task_id=made[-1], priority="High")

	def delete() -> None:
		client.post(API + "delete_task", task_id=made.pop())

	rows = [{"case": "create_task", "endpoint": timed(create, runs), "ping": ping}]
	rows.append({"case": "edit_task", "endpoint": timed(edit, runs), "ping": ping})
	rows.append({"case": "delete_task", "endpoint": timed(delete, min(runs, len(made) - 1)), "ping": ping})
	for task in made:
		client.post(API + "delete_task", task_id=task)
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
