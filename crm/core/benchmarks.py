"""Benchmark figures to table and targets (docs/benchmarks.md); no measuring here.

Targets (docs/benchmarks.md):
- an endpoint's median ≤ 1.5 x the median of `ping` measured in the same rounds, for every role;
- an endpoint's median ≤ 1.3 x (ping median + its SQL median);
- an endpoint ≥ 2 x faster than its generic-REST equivalent (REST median / endpoint median ≥ 2);
- filter_tasks with a cursor at depth 10,000 within 1.2 x of page 1.
"""

import statistics
from typing import Any

PING_FACTOR = 1.5
FLOOR_FACTOR = 1.3
REST_FACTOR = 2.0
CURSOR_FACTOR = 1.2


def stats(samples: list[float]) -> dict[str, float]:
	"""Median and 95th percentile (nearest rank at or above) of timings in ms."""
	ordered = sorted(samples)
	return {
		"median": statistics.median(ordered),
		"p95": ordered[min(int(0.95 * len(ordered)), len(ordered) - 1)],
	}


def ping_ratio(row: dict[str, Any]) -> float:
	return row["endpoint"]["median"] / row["ping"]["median"]


def cold_ratio(row: dict[str, Any]) -> float | None:
	"""The call right after the caller's kept values went (a change to their tasks) ÷ ping."""
	if "cold" not in row:
		return None
	return row["cold"]["median"] / row["ping"]["median"]


def floor_ratio(row: dict[str, Any]) -> float | None:
	if "sql" not in row:
		return None
	return row["endpoint"]["median"] / (row["ping"]["median"] + row["sql"]["median"])


def rest_speedup(row: dict[str, Any]) -> float | None:
	if "rest" not in row:
		return None
	return row["rest"]["median"] / row["endpoint"]["median"]


DEEP = 10_000  # the depth the cursor target is set at
CURSOR_CASE = "filter_tasks cursor @"


def deep_depth(readable: int, page_size: int = 20) -> int:
	"""How deep the deep-page and cursor cases go: 10,000 tasks, or on a smaller site half of what the
	measured user can read (a Sales User reads 1/50 of the seeded tasks), in whole pages."""
	return max(page_size, min(DEEP, readable // 2) // page_size * page_size)


def cursor_row(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
	return next((row for row in rows if row["case"].startswith(CURSOR_CASE)), None)


def cursor_ratio(rows: list[dict[str, Any]]) -> float | None:
	first = next((row for row in rows if row["case"] == "filter_tasks page 1"), None)
	deep = cursor_row(rows)
	if not first or not deep:
		return None
	return deep["endpoint"]["median"] / first["endpoint"]["median"]


def verdict(value: float | None, limit: float, at_most: bool) -> str:
	if value is None:
		return ""
	met = value <= limit if at_most else value >= limit
	return f"{value:.2f} {'✅' if met else '❌'}"


def table(rows: list[dict[str, Any]]) -> list[str]:
	lines = [
		"| case | endpoint median / p95 ms | ping ms | SQL ms | REST ms | endpoint ÷ ping ≤ 1.5 | endpoint ÷ (ping+SQL) ≤ 1.3 | REST ÷ endpoint ≥ 2 | cold ms | cold ÷ ping |",
		"|---|---|---|---|---|---|---|---|---|---|",
	]
	for row in rows:
		sql = f"{row['sql']['median']:.1f}" if "sql" in row else "–"
		rest = f"{row['rest']['median']:.1f}" if "rest" in row else "–"
		cold = f"{row['cold']['median']:.1f}" if "cold" in row else "–"
		lines.append(
			f"| {row['case']} | {row['endpoint']['median']:.1f} / {row['endpoint']['p95']:.1f} | "
			f"{row['ping']['median']:.1f} | {sql} | {rest} | {verdict(ping_ratio(row), PING_FACTOR, True)} | "
			f"{verdict(floor_ratio(row), FLOOR_FACTOR, True)} | "
			f"{verdict(rest_speedup(row), REST_FACTOR, False)} | {cold} | "
			f"{verdict(cold_ratio(row), PING_FACTOR, True)} |"
		)
	ratio = cursor_ratio(rows)
	if ratio is not None:
		lines.append("")
		depth = cursor_row(rows)["case"].removeprefix(CURSOR_CASE)
		lines.append(f"Cursor at depth {depth} ÷ page 1 (≤ 1.2): {verdict(ratio, CURSOR_FACTOR, True)}")
	return lines


def reads(statement: str) -> bool:
	"""Whether `statement` is a read: a select, or a union of selects in parentheses."""
	return statement.lstrip(" \t\n(")[:6].lower() == "select"


def short_sql(statement: str) -> str:
	"""A statement on one line, its column list shortened (the plans are about the WHERE and ORDER)."""
	text = " ".join(statement.split())
	head, found, tail = text.partition(" from ")
	if not found:
		head, found, tail = text.partition(" FROM ")
	if found and head.lower().startswith("select") and "count(" not in head.lower():
		text = f"select … from {tail}"
	return text


def plans(rows: list[dict[str, Any]]) -> list[str]:
	"""Each case's SELECT statements with the index the database chose and its row estimate."""
	lines = []
	for row in rows:
		for query in row.get("queries", []):
			steps = "; ".join(
				f"{step.get('key') or 'no index'}, ~{int(step.get('rows') or 0):,} rows"
				+ (f" ({step['extra']})" if step.get("extra") else "")
				for step in query["plan"]
			)
			# Double backticks: the SQL quotes its names in backticks.
			lines.append(f"| {row['case']} | `` {short_sql(query['sql'])} `` | {steps} |")
	if not lines:
		return []
	return [
		"<details><summary>The SQL each endpoint ran, and its plan</summary>",
		"",
		"| case | statement | index, estimated rows |",
		"|---|---|---|",
		*lines,
		"",
		"</details>",
		"",
	]


def report(runs: dict[str, dict[str, Any]]) -> str:
	"""docs/benchmarks.md from the runs by site size and role ("1M owner", ...)."""
	parts = [
		"# Benchmarks: mobile endpoints against the database floor",
		"",
		"Made by `bench --site S crm-benchmark` (see `crm/commands/mobile_benchmark.py`) on a site seeded with",
		"`bench --site S crm-seed-tasks --count N`; times are milliseconds over loopback HTTP, as the",
		"seeded user of each role (`--role`): *owner*, a seller who owns 12,000 tasks and was assigned",
		"8,000 more by managers; *assignee*, a seller who owns none and was assigned 2,000; *manager*,",
		"who sees every task. *SQL* is the SELECT statements the endpoint ran as that user (caught by",
		"Frappe's recorder), replayed through `frappe.db`; *ping* is `/api/method/ping`; *REST* is",
		"`/api/resource/CRM Task` plus `frappe.client.get_count` (three lists for the buckets). Each",
		"round calls ping, the endpoint, its SQL and its REST equivalent in turn, then the endpoint",
		"*cold*: right after every caller's kept values went, as after any change to their tasks (the",
		"count, a part that holds none of their tasks, the row before a page:",
		"crm/common/task_versions.py). Writes have no SQL, REST or cold column. ✅ met, ❌ not met.",
		"Under each table, the statements a warm call runs and their query plans.",
		"",
		"![median time per endpoint by site size](images/benchmarks.png)",
		"",
	]
	for label, run in runs.items():
		parts += [
			f"## {label} tasks ({run['tasks']:,} on the site, {run['runs']} runs each, {run['machine']})",
			"",
		]
		parts += table(run["rows"])
		parts.append("")
		parts += plans(run["rows"])
		if run.get("notes"):
			parts += [run["notes"], ""]
	return "\n".join(parts) + "\n"
