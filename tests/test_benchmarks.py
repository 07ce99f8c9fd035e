"""The benchmark report: ratios against the targets, and the table it writes."""

from crm.core import benchmarks


def row(case, endpoint, ping=10.0, sql=None, rest=None):
	made = {
		"case": case,
		"endpoint": {"median": endpoint, "p95": endpoint * 1.5},
		"ping": {"median": ping, "p95": ping},
	}
	if sql is not None:
		made["sql"] = {"median": sql, "p95": sql}
	if rest is not None:
		made["rest"] = {"median": rest, "p95": rest}
	return made


def test_ratios_and_verdicts():
	fast = row("filter_tasks page 1", 12.0, sql=0.5, rest=30.0)
	assert round(benchmarks.floor_ratio(fast), 2) == 1.14
	assert benchmarks.rest_speedup(fast) == 2.5
	assert benchmarks.verdict(benchmarks.floor_ratio(fast), 1.3, at_most=True).endswith("✅")
	slow = row("filter_tasks cursor @10,000", 30.0, sql=5.0, rest=31.0)
	assert benchmarks.verdict(benchmarks.floor_ratio(slow), 1.3, at_most=True) == "2.00 ❌"
	assert benchmarks.cursor_ratio([fast, slow]) == 2.5
	assert benchmarks.floor_ratio(row("create_task", 20.0)) is None
	assert "Cursor at depth 10,000 ÷ page 1 (≤ 1.2): 2.50 ❌" in benchmarks.table([fast, slow])


def test_a_cold_call_has_its_own_ratio_to_ping():
	warm = row("home_tasks", 12.0) | {"cold": {"median": 20.0, "p95": 25.0}}
	assert benchmarks.cold_ratio(warm) == 2.0
	assert benchmarks.cold_ratio(row("create_task", 20.0)) is None
	assert benchmarks.table([warm])[2].endswith("| 20.0 | 2.00 ❌ |")
	assert benchmarks.table([row("create_task", 20.0)])[2].endswith("| – |  |")


def test_deep_cases_go_10000_deep_or_half_of_what_the_user_reads():
	assert benchmarks.deep_depth(20_000) == 10_000
	assert benchmarks.deep_depth(2_000) == 1_000
	assert benchmarks.deep_depth(210) == 100
	assert benchmarks.deep_depth(5) == 20


def test_report_has_every_run_and_the_plot():
	runs = {
		"10k": {
			"tasks": 10_000,
			"runs": 20,
			"machine": "2 CPUs",
			"rows": [row("home_tasks", 20.0, sql=1.0, rest=15.0)],
		}
	}
	text = benchmarks.report(runs)
	assert "## 10k tasks (10,000 on the site, 20 runs each, 2 CPUs)" in text
	assert "images/benchmarks.png" in text
	assert "| home_tasks | 20.0 / 30.0 | 10.0 | 1.0 | 15.0 | 2.00 ❌ | 1.82 ❌ | 0.75 ❌ |" in text


def test_plans_show_each_statement_with_its_index():
	case = row("filter_tasks page 500", 20.0, sql=5.0, rest=60.0)
	case["queries"] = [
		{
			"sql": "select `tabCRM Task`.`name`, `tabCRM Task`.`title`\n from `tabCRM Task` where owner = 'a'",
			"plan": [{"key": "owner_modified_index", "rows": "20012", "extra": "Using where; Using index"}],
		},
		{
			"sql": "select count(`tabCRM Task`.`name`) as total from `tabCRM Task` where owner = 'a'",
			"plan": [{"key": None, "rows": 1000000, "extra": None}],
		},
	]
	lines = benchmarks.plans([case])
	assert (
		"| filter_tasks page 500 | `` select … from `tabCRM Task` where owner = 'a' `` | "
		"owner_modified_index, ~20,012 rows (Using where; Using index) |"
	) in lines
	assert any("`` select count(`tabCRM Task`.`name`) as total from" in line for line in lines)
	assert any(line.endswith("| no index, ~1,000,000 rows |") for line in lines)
	assert benchmarks.plans([row("create_task", 20.0)]) == []


def test_stats_median_and_p95():
	assert benchmarks.stats([5.0, 1.0, 3.0]) == {"median": 3.0, "p95": 5.0}
	figures = benchmarks.stats([float(n) for n in range(1, 21)])
	assert figures == {"median": 10.5, "p95": 20.0}
	assert benchmarks.stats([7.0]) == {"median": 7.0, "p95": 7.0}


def test_a_union_of_selects_in_parentheses_is_a_read():
	assert benchmarks.reads("select 1")
	assert benchmarks.reads("\n (select `name` from t limit 2) union all (select `name` from u limit 2)")
	assert not benchmarks.reads("update t set a = 1")
	assert not benchmarks.reads("(update t set a = 1)")
