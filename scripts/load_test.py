"""A bounded load run of mixed mobile traffic against a bench site on this machine.

Each worker signs in with the OAuth 2 password grant (its own bearer token, as each phone has),
then loops over the Flutter app's calls for `--seconds` (at most 300) and stops by itself:
reads (home_tasks, main_page_buckets, filter_tasks with filters and paging) and writes (create_task,
update_status, edit_task, delete_task of its own tasks). It prints requests per second, latency
percentiles per endpoint and overall, the status codes, and exits 1 on any 5xx.

Only loopback addresses are accepted. Switch the rate limits off in CRM Settings for the run (or
expect 429s: the limits are per token and per user), e.g.:

	python scripts/load_test.py --url http://127.0.0.1:8000 --host crm.localhost \\
		--user load@example.com --password '...' --workers 8 --seconds 60
"""

import argparse
import random
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import requests

API = "/api/method/crm.api.mobile_api."
MAX_SECONDS = 300
READS = [
	("home_tasks", {"limit": 5}),
	("main_page_buckets", {"min_each": 5}),
	("filter_tasks", {"limit": 20, "page": 1}),
	("filter_tasks", {"status": "Todo,In Progress", "importance": "High,Medium", "limit": 20}),
	("filter_tasks", {"date_from": "2026-01-01", "date_to": "2026-12-31", "order_by": "due_date asc"}),
	("filter_tasks", {"limit": 20, "page": 3}),
]


def token(base: str, host: str, client_id: str, user: str, password: str) -> str:
	answer = requests.post(
		base + "/api/method/frappe.integrations.oauth2.get_token",
		data={
			"grant_type": "password",
			"username": user,
			"password": password,
			"client_id": client_id,
			"scope": "all openid",
		},
		headers={"Host": host},
		timeout=30,
	)
	answer.raise_for_status()
	return answer.json()["access_token"]


class Worker(threading.Thread):
	def __init__(self, base: str, host: str, bearer: str, until: float, seed: int) -> None:
		super().__init__(daemon=True)
		self.base, self.until = base, until
		self.session = requests.Session()
		self.session.headers.update(
			{"Host": host, "Authorization": f"Bearer {bearer}", "Accept": "application/json"}
		)
		self.random = random.Random(seed)
		self.timings: dict[str, list[float]] = defaultdict(list)
		self.codes: Counter = Counter()
		self.own: list[int] = []

	def call(self, method: str, endpoint: str, **values):
		started = time.perf_counter()
		if method == "GET":
			answer = self.session.get(self.base + API + endpoint, params=values, timeout=60)
		else:
			answer = self.session.post(self.base + API + endpoint, json=values, timeout=60)
		self.timings[endpoint].append(time.perf_counter() - started)
		self.codes[answer.status_code] += 1
		return answer

	def run(self) -> None:
		while time.time() < self.until:
			roll = self.random.random()
			if roll < 0.75:
				endpoint, values = self.random.choice(READS)
				self.call("GET", endpoint, **values)
			elif roll < 0.85 or not self.own:
				answer = self.call(
					"POST", "create_task", title=f"load {self.random.randrange(10**6)}", task_type="Call",
					priority=self.random.choice(["Low", "Medium", "High"]), start_date=time.strftime("%Y-%m-%d"),
				)  # fmt: skip
				if answer.ok:
					self.own.append(answer.json()["message"]["name"])
			elif roll < 0.93:
				self.call(
					"POST",
					"update_status",
					task_id=self.random.choice(self.own),
					status=self.random.choice(["Todo", "In Progress", "Done"]),
				)
			elif roll < 0.98:
				self.call("POST", "edit_task", task_id=self.random.choice(self.own), priority="High")
			else:
				self.call("POST", "delete_task", task_id=self.own.pop(self.random.randrange(len(self.own))))
		for task in self.own:  # leave the site as it was
			self.session.post(self.base + API + "delete_task", json={"task_id": task}, timeout=60)


def percentile(values: list[float], share: float) -> float:
	ordered = sorted(values)
	return ordered[min(int(share * len(ordered)), len(ordered) - 1)] * 1000


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--url", default="http://127.0.0.1:8000")
	parser.add_argument("--host", required=True, help="the site name (Host header)")
	parser.add_argument("--user", required=True)
	parser.add_argument("--password", required=True)
	parser.add_argument("--client-id", help="default: from crm.api.mobile_api.get_oauth_config")
	parser.add_argument("--workers", type=int, default=8)
	parser.add_argument("--seconds", type=float, default=60)
	args = parser.parse_args()
	if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
		parser.error("only loopback addresses: this script is for a bench on this machine")
	seconds = min(args.seconds, MAX_SECONDS)
	base = args.url.rstrip("/")
	client_id = (
		args.client_id
		or requests.get(base + API + "get_oauth_config", headers={"Host": args.host}, timeout=30).json()[
			"message"
		]["client_id"]
	)
	tokens = [token(base, args.host, client_id, args.user, args.password) for _ in range(args.workers)]
	until = time.time() + seconds
	workers = [Worker(base, args.host, tokens[i], until, seed=i) for i in range(args.workers)]
	started = time.time()
	for worker in workers:
		worker.start()
	for worker in workers:
		worker.join(timeout=seconds + 120)
	elapsed = min(time.time(), until) - started  # the load window (cleanup of own tasks excluded)
	timings: dict[str, list[float]] = defaultdict(list)
	codes: Counter = Counter()
	for worker in workers:
		codes.update(worker.codes)
		for endpoint, values in worker.timings.items():
			timings[endpoint].extend(values)
	every = [v for values in timings.values() for v in values]
	print(
		f"{args.workers} workers, {elapsed:.1f} s, {len(every)} requests, {len(every) / elapsed:.1f} requests/s"
	)
	print(f"{'endpoint':<20}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
	for endpoint, values in [*sorted(timings.items()), ("all", every)]:
		print(
			f"{endpoint:<20}{len(values):>8}{percentile(values, 0.5):>10.1f}{percentile(values, 0.95):>10.1f}"
			f"{percentile(values, 0.99):>10.1f}{statistics.mean(values) * 1000:>10.1f}"
		)
	print("status codes: " + ", ".join(f"{code}: {count}" for code, count in sorted(codes.items())))
	server_errors = sum(count for code, count in codes.items() if code >= 500)
	print(f"5xx: {server_errors}")
	return 1 if server_errors else 0


if __name__ == "__main__":
	sys.exit(main())
