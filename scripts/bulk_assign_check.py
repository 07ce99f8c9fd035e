"""A manager assigns many tasks in one minute over the API; every answer must be 200.

Assigning used to queue one notification job per task, and about 900 assignments in four minutes
filled the queue until the API answered 503 (QueueOverloaded). Assignments now write the ToDo at
once and tell each assignee once a minute (crm/mobile/assignments.py). This script takes the first
`--count` tasks the manager can see, assigns them in turn to the `--assignees` through
`edit_task`, paced to spread over `--seconds`, and prints the status codes and latencies. It exits
1 on any answer other than 200. Loopback only; switch the rate limits off in CRM Settings for the
run (1,000 calls in a minute are above the default per-key limit). Example:

	python scripts/bulk_assign_check.py --url http://127.0.0.1:8000 --host bench.localhost \\
		--token KEY:SECRET --assignees seller-001@crm-seed.example.com,seller-002@crm-seed.example.com
"""

import argparse
import statistics
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import requests

API = "/api/method/crm.api.mobile_api."


def task_ids(session: requests.Session, url: str, count: int) -> list[int]:
	ids: list[int] = []
	page = 1
	while len(ids) < count:
		answer = session.get(url + API + "filter_tasks", params={"limit": 100, "page": page}, timeout=60)
		answer.raise_for_status()
		data = answer.json()["message"]
		ids += [task["name"] for task in data["data"]]
		if not data["has_next"]:
			break
		page += 1
	return ids[:count]


def assign_all(session, url: str, ids: list[int], assignees: list[str], seconds: float, workers: int):
	statuses, latencies, lock = Counter(), [], threading.Lock()
	started = time.monotonic()
	pace = seconds / max(len(ids), 1)

	def work(offset: int) -> None:
		for index in range(offset, len(ids), workers):
			time.sleep(max(0.0, started + index * pace - time.monotonic()))
			body = {"task_id": ids[index], "assigned_to": assignees[index % len(assignees)]}
			begun = time.perf_counter()
			answer = session.post(url + API + "edit_task", json=body, timeout=120)
			with lock:
				statuses[answer.status_code] += 1
				latencies.append((time.perf_counter() - begun) * 1000)

	threads = [threading.Thread(target=work, args=(offset,)) for offset in range(workers)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	return statuses, latencies, time.monotonic() - started


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--url", default="http://127.0.0.1:8000")
	parser.add_argument("--host", required=True, help="the site name (Host header)")
	parser.add_argument("--token", required=True, help="a Sales Manager's API KEY:SECRET")
	parser.add_argument("--assignees", required=True, help="comma-separated Sales Users")
	parser.add_argument("--count", type=int, default=1000)
	parser.add_argument("--seconds", type=float, default=60)
	parser.add_argument("--workers", type=int, default=4)
	args = parser.parse_args()
	if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
		parser.error("only loopback addresses are accepted")
	session = requests.Session()
	session.headers.update({"Host": args.host, "Authorization": f"token {args.token}"})
	ids = task_ids(session, args.url, args.count)
	assignees = [user.strip() for user in args.assignees.split(",") if user.strip()]
	statuses, latencies, elapsed = assign_all(session, args.url, ids, assignees, args.seconds, args.workers)
	print(f"{len(ids)} assignments in {elapsed:.1f} s: statuses {dict(statuses)}")
	cuts = statistics.quantiles(latencies, n=100)
	print(f"latency ms: p50 {cuts[49]:.0f}, p95 {cuts[94]:.0f}, p99 {cuts[98]:.0f}, max {max(latencies):.0f}")
	ok = set(statuses) == {200}
	print("PASS" if ok else "FAIL: answers other than 200")
	return 0 if ok else 1


if __name__ == "__main__":
	sys.exit(main())
