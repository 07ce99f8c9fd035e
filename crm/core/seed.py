"""Realistic CRM Task rows for load and benchmark sites (`bench --site S crm-seed-tasks`).

Rows are plain tuples in the order of `COLUMNS`, made by a seeded random generator: the same count
and seed give the same tasks. Dates spread over two years around `today`; every status, priority
and type occurs; about one in eight has no date at all, as real lists do.

The team's shape: each task belongs to one seller (round robin). With managers, `MANAGER_SHARE` of
the tasks are created by a manager and assigned to that seller; the rest the seller created, and
assigned to themselves half of the time.
"""

import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from crm.core.tasks import priorities, priority_rank, statuses, task_types

COLUMNS = (
	"title",
	"task_type",
	"status",
	"priority",
	"priority_rank",
	"start_date",
	"due_date",
	"assigned_to",
	"owner",
	"modified_by",
	"creation",
	"modified",
	"docstatus",
	"idx",
)
TITLE_PREFIX = "Seed"
_SUBJECTS = ("Villa", "Apartment", "Townhouse", "Office", "Plot", "Penthouse", "Duplex", "Shop")
_ACTIONS = {"Meeting": "Meet buyer for", "Call": "Call about", "Property Showing": "Show"}
_DISTRICTS = ("Al Malqa", "Hittin", "Al Olaya", "An Narjis", "Al Yasmin", "Qurtubah", "Al Aqiq", "Diriyah")


MANAGER_SHARE = 0.4


def task_rows(
	count: int, today: date, users: Sequence[str], seed: int = 7, managers: Sequence[str] = ()
) -> Iterator[tuple]:
	"""`count` task rows over the sellers `users` and the `managers` who assign them work."""
	rng = random.Random(seed)
	kinds, states, levels = task_types(), statuses(), priorities()
	start = datetime.combine(today - timedelta(days=365), datetime.min.time())
	for index in range(count):
		kind = kinds[index % len(kinds)]
		level = levels[rng.randrange(len(levels))]
		day = start + timedelta(days=rng.randrange(730), minutes=rng.randrange(8 * 60, 20 * 60, 15))
		dated = rng.random()  # 12% undated, 43% both dates, 25% a start only, 20% a due date only
		start_date = day.date() if 0.12 <= dated < 0.8 else None
		due = day + timedelta(days=rng.randrange(0, 5)) if dated >= 0.12 and not 0.55 <= dated < 0.8 else None
		status = _status(rng, states, due or day, today)
		user = users[index % len(users)] if users else "Administrator"
		owner, assignee = _parties(rng, user, managers)
		created, changed = _written(rng, day, _start_of(today))
		title = f"{TITLE_PREFIX}: {_ACTIONS[kind]} {rng.choice(_SUBJECTS)} in {rng.choice(_DISTRICTS)} #{index + 1}"
		yield (
			title,
			kind,
			status,
			level,
			priority_rank(level),
			start_date,
			due,
			assignee,
			owner,
			owner,
			created,
			changed,
			0,
			0,
		)


def _parties(rng: random.Random, seller: str, managers: Sequence[str]) -> tuple[str, str | None]:
	"""(owner, assignee) of a seller's task: assigned by a manager, or the seller's own."""
	if managers and rng.random() < MANAGER_SHARE:
		return rng.choice(managers), seller
	return seller, seller if rng.random() < 0.5 else None


def _written(rng: random.Random, day: datetime, horizon: datetime) -> tuple[datetime, datetime]:
	"""When a task for `day` was created and last changed, each to the microsecond, both before
	`horizon`: a task planned ahead was written in the weeks before, not all at one instant."""
	created = day - timedelta(days=rng.randrange(1, 30), microseconds=rng.randrange(86_400 * 10**6))
	if created >= horizon:
		created = horizon - timedelta(microseconds=rng.randrange(1, 60 * 86_400 * 10**6))
	changed = created + timedelta(microseconds=rng.randrange(20 * 86_400 * 10**6))
	if changed >= horizon:
		changed = created + (horizon - created) * rng.random()
	return created, changed


def _start_of(today: date) -> datetime:
	"""No seeded task was created or changed after today began (a list sorted by `modified` shows
	the site's real work first)."""
	return datetime.combine(today, datetime.min.time())


def _status(rng: random.Random, states: Sequence[str], when: datetime, today: date) -> str:
	"""Past work is mostly finished, future work mostly open; every status occurs."""
	if when.date() < today:
		return rng.choices(states, weights=[1, 2, 2, 12, 2])[0]
	return rng.choices(states, weights=[3, 8, 3, 1, 1])[0]
