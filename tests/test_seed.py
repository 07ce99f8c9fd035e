"""The seed task rows: realistic spread, every value allowed by the DocType, deterministic."""

from collections import Counter
from datetime import date, datetime, timedelta

from crm.core import seed
from crm.core.tasks import priorities, priority_rank, statuses, task_types

TODAY = date(2026, 11, 23)
USERS = [f"seller-{i:03d}@crm-seed.example.com" for i in range(1, 51)]


def rows(count=5000, **kwargs):
	return [
		dict(zip(seed.COLUMNS, row, strict=True)) for row in seed.task_rows(count, TODAY, USERS, **kwargs)
	]


def test_every_status_priority_and_type_occurs_with_valid_values():
	made = rows()
	assert set(Counter(r["status"] for r in made)) == set(statuses())
	assert set(Counter(r["priority"] for r in made)) == set(priorities())
	assert set(Counter(r["task_type"] for r in made)) == set(task_types())
	assert all(r["priority_rank"] == priority_rank(r["priority"]) for r in made)


def test_dates_spread_over_two_years_around_today():
	made = rows()
	starts = [r["start_date"] for r in made if r["start_date"]]
	assert min(starts) < TODAY - timedelta(days=300) and max(starts) > TODAY + timedelta(days=300)
	assert all(TODAY - timedelta(days=366) <= d <= TODAY + timedelta(days=366) for d in starts)
	undated = sum(1 for r in made if not r["start_date"] and not r["due_date"])
	assert 0 < undated < len(made) * 0.3
	assert sum(1 for r in made if r["start_date"] == TODAY) > 0  # today's list is never empty


MANAGERS = [f"manager-{i}@crm-seed.example.com" for i in range(1, 6)]


def test_a_team_of_fifty_sellers_and_five_managers():
	made = rows(managers=MANAGERS)
	by_manager = [r for r in made if r["owner"] in MANAGERS]
	assert 0.3 < len(by_manager) / len(made) < 0.5
	assert all(r["assigned_to"] in USERS for r in by_manager)  # a manager's task is for a seller
	own = [r for r in made if r["owner"] in USERS]
	assert all(r["assigned_to"] in (r["owner"], None) for r in own)
	assert len({r["owner"] for r in own}) == 50 and len({r["owner"] for r in by_manager}) == 5


def test_fifty_sellers_and_deterministic():
	made = rows()
	assert len({r["owner"] for r in made}) == 50
	assert rows(200) == rows(200)
	assert rows(200) != rows(200, seed=8)
	assert all(r["modified"] >= r["creation"] for r in made)


def test_nothing_seeded_was_changed_in_the_future():
	assert all(r["modified"] <= datetime.combine(TODAY, datetime.min.time()) for r in rows())


def test_tasks_were_written_at_their_own_instants():
	"""Lists by last change meet ties only where a real team's would: almost never."""
	made = rows(20_000)
	for column in ("creation", "modified"):
		assert len({r[column] for r in made}) > len(made) * 0.99, column
	assert all(r["creation"] < datetime.combine(TODAY, datetime.min.time()) for r in made)
