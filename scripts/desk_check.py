#!/usr/bin/env python3
"""Check the managers' Desk in a real headless Chromium against a running site with built assets.

Needs Playwright (`pip install playwright`) and a Chromium (Debian: `apt install chromium`); it
never downloads a browser. Run it against a development site only: it signs in as Administrator,
makes a small team (two sellers and their manager, on desk-check.example.com), lets each of them
create their tasks through the mobile API, and removes all of it at the end.

	python scripts/desk_check.py --url http://127.0.0.1:8010 --site crm.localhost --admin-password admin

(`--site` is sent as X-Frappe-Site-Name, for a bench serving several sites on one address.)

Checks, each printed as PASS/FAIL, then a count; exit status 1 on any failure:
  1. the CRM workspace, as the manager: the three number cards show the team's figures, the weekly
     chart has a bar per seller, the shortcuts are there;
  2. the task calendar shows the seeded tasks, coloured by priority;
  3. the task board has a column per status with the tasks in them;
  4. the report "Overdue Tasks by Seller" has the sellers' rows and a chart;
  5. a seller's workspace shows only their own figures, their report only their row;
  6. in Arabic, the workspace's labels are Arabic.
Screenshots go to --out (docs/images by default): desk-workspace, desk-calendar, desk-kanban,
desk-report, desk-workspace-ar.
"""

import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from check_tally import Check
from playwright.sync_api import Page, sync_playwright

DOMAIN = "desk-check.example.com"
MARK = "desk-check"
PASSWORD = "Desk-Check-2026!"
REPORT = "Overdue Tasks by Seller"
CARDS = {"My Tasks Today": "my_tasks_today", "Overdue": "overdue", "Done This Week": "done_this_week"}
ARABIC_CARD = "مهامي اليوم"


class Session:
	"""A signed-in API session of one user (its own cookies)."""

	def __init__(self, playwright, args, user: str, password: str) -> None:
		headers = {"X-Frappe-Site-Name": args.site} if args.site else {}
		self.api = playwright.request.new_context(base_url=args.url, extra_http_headers=headers)
		answer = self.api.post("/api/method/login", form={"usr": user, "pwd": password})
		if not answer.ok:
			raise SystemExit(f"{user} cannot sign in: {answer.status} {answer.text()[:200]}")

	def call(self, method: str, path: str, **data):
		response = self.api.fetch(path, method=method, data=data or None)
		if not response.ok:
			raise RuntimeError(f"{method} {path}: {response.status} {response.text()[:300]}")
		return response.json()

	def method(self, dotted: str, **params):
		return self.call("GET", f"/api/method/{dotted}?" + "&".join(f"{k}={v}" for k, v in params.items()))[
			"message"
		]

	def figures(self) -> dict[str, int]:
		return {label: self.method(f"crm.desk.number_cards.{name}")["value"] for label, name in CARDS.items()}

	def task(self, title: str, **values) -> dict:
		return self.call(
			"POST",
			"/api/method/crm.api.mobile_api.create_task",
			title=f"{MARK} {title}",
			task_type="Call",
			**values,
		)["message"]


class Team:
	"""Two sellers and their manager, and the tasks each creates from the phone."""

	NAMES = {"a": "Seller Amal", "b": "Seller Badr", "m": "Manager Maha"}

	def __init__(self, playwright, args, admin: Session) -> None:
		self.admin, self.users = admin, {}
		for key, role in (("a", "Sales User"), ("b", "Sales User"), ("m", "Sales Manager")):
			email = f"{MARK}-{key}@{DOMAIN}"
			self.admin.call(
				"POST",
				"/api/resource/User",
				email=email,
				first_name=self.NAMES[key],
				send_welcome_email=0,
				new_password=PASSWORD,
				roles=[{"role": role}],
			)
			self.users[key] = email
		self.sessions = {key: Session(playwright, args, email, PASSWORD) for key, email in self.users.items()}

	def seed(self, today: date) -> None:
		a, b, m = (self.sessions[key] for key in "abm")
		ago = lambda days: f"{today - timedelta(days=days)} 10:00:00"  # noqa: E731
		a.task("Visit villa", priority="High", start_date=str(today))
		a.task("Call back", priority="Medium", status="In Progress", due_date=f"{today} 18:00:00")
		a.task("Signed", priority="Low", status="Done", start_date=str(today))
		a.task("Late offer", priority="High", due_date=ago(3))
		a.task("Late papers", priority="Low", due_date=ago(10))
		b.task("Late visit", priority="Medium", due_date=ago(2))
		b.task("Closed deal", priority="Medium", status="Done", start_date=str(today - timedelta(days=1)))
		m.task("Team review", priority="Low", start_date=str(today))

	def cleanup(self) -> None:
		tasks = self.admin.call(
			"GET", f'/api/resource/CRM Task?filters=[["title","like","{MARK}%"]]&limit_page_length=0'
		)
		for task in tasks["data"]:
			self.admin.call("DELETE", f"/api/resource/CRM Task/{task['name']}")
		for email in self.users.values():
			self.admin.call("DELETE", f"/api/resource/User/{email}")


def site_today(admin: Session) -> date:
	zone = admin.call("GET", "/api/resource/System Settings/System Settings")["data"].get("time_zone")
	return datetime.now(ZoneInfo(zone) if zone else None).date()


def wait_desk(page: Page, path: str) -> None:
	page.goto(path)
	page.wait_for_function(
		"window.frappe && frappe.boot && document.querySelector('.page-container')", timeout=30000
	)


def card_numbers(page: Page) -> dict[str, str]:
	page.wait_for_function(
		"document.querySelectorAll('.number-widget-box .number').length >= 3", timeout=30000
	)
	return page.evaluate(
		"""() => Object.fromEntries([...document.querySelectorAll('.number-widget-box')].map(box =>
			[box.querySelector('.widget-title').textContent.trim(), (box.querySelector('.number') || {}).textContent]))"""
	)


def check_workspace(page: Page, check: Check, expected: dict[str, int], team: Team, out: Path) -> None:
	wait_desk(page, "/app/crm")
	numbers = card_numbers(page)
	for label, value in expected.items():
		check(
			f"workspace card {label!r} shows {value}",
			numbers.get(label, "").strip() == str(value),
			numbers.get(label),
		)
	chart = page.locator(".dashboard-widget-box", has_text="Tasks Done per Week by Seller")
	chart.locator("svg").first.wait_for(timeout=30000)
	page.wait_for_timeout(1500)
	legend = chart.evaluate("box => box.textContent")
	check("weekly chart has a dataset per seller", all(Team.NAMES[k] in legend for k in "ab"), legend[-80:])
	shortcuts = page.locator(".shortcut-widget-box").all_inner_texts()
	wanted = (
		"Tasks",
		"Task Calendar",
		"Task Board",
		REPORT,
		"Human Inbox",
		"Contacts",
		"Organizations",
		"Activities",
	)
	check("workspace shortcuts", all(any(w in s for s in shortcuts) for w in wanted), shortcuts)
	page.screenshot(path=str(out / "desk-workspace.png"), full_page=True)


def check_calendar(page: Page, check: Check, out: Path) -> None:
	wait_desk(page, "/app/crm-task/view/calendar/default")
	event = page.locator(".fc-event", has_text=f"{MARK} Visit villa").first
	event.wait_for(timeout=30000)
	colours = page.evaluate(
		"""() => Object.fromEntries([...document.querySelectorAll('.fc-event')].map(e =>
			[e.innerText.trim(), getComputedStyle(e).backgroundColor]))"""
	)
	red = page.evaluate("() => frappe.ui.color.get('red', 'extra-light')")
	high = next((c for t, c in colours.items() if "Visit villa" in t), None)
	low = next((c for t, c in colours.items() if "Team review" in t), None)
	check("calendar shows today's tasks", high is not None and low is not None, list(colours)[:6])
	check("calendar colours a High task red", high == _rgb(red), f"{high} vs {red}")
	check("calendar colours by priority", high != low, f"High {high}, Low {low}")
	page.screenshot(path=str(out / "desk-calendar.png"), full_page=True)


def check_kanban(page: Page, check: Check, out: Path) -> None:
	wait_desk(page, "/app/crm-task/view/kanban/CRM Tasks by Status")
	page.locator(".kanban-column[data-column-value]").first.wait_for(timeout=30000)
	page.locator(".kanban-card", has_text=f"{MARK} Visit villa").first.wait_for(timeout=30000)
	columns = page.evaluate(
		"() => [...document.querySelectorAll('.kanban-column[data-column-value]')].map(c => c.dataset.columnValue)"
	)
	check(
		"board has a column per status",
		columns[:5] == ["Backlog", "Todo", "In Progress", "Done", "Canceled"],
		columns,
	)
	for status, title in (("Todo", "Visit villa"), ("In Progress", "Call back"), ("Done", "Signed")):
		column = page.locator(f'.kanban-column[data-column-value="{status}"]')
		check(
			f"board: {title!r} under {status}",
			column.locator(".kanban-card", has_text=f"{MARK} {title}").count() == 1,
		)
	page.screenshot(path=str(out / "desk-kanban.png"), full_page=True)


def report_rows(page: Page) -> list[list[str]]:
	wait_desk(page, f"/app/query-report/{REPORT}")
	page.wait_for_function(
		"document.querySelector('.dt-scrollable .dt-row, .no-result, .msgprint')", timeout=30000
	)
	page.wait_for_timeout(1000)
	return page.evaluate(
		"""() => [...document.querySelectorAll('.dt-scrollable .dt-row')].map(r =>
			[...r.querySelectorAll('.dt-cell__content')].map(c => c.innerText.trim()))"""
	)


def row_of(rows: list[list[str]], user: str) -> list[str] | None:
	return next((row for row in rows if any(user in cell for cell in row)), None)


def check_report(page: Page, check: Check, team: Team, out: Path) -> None:
	rows = report_rows(page)
	a, b = row_of(rows, team.users["a"]), row_of(rows, team.users["b"])
	check(
		"report: seller A has 2 overdue (1 High, 1 Low)", a is not None and a[2:6] == ["2", "1", "0", "1"], a
	)
	check("report: seller B has 1 overdue (Medium)", b is not None and b[2:6] == ["1", "0", "1", "0"], b)
	check("report has a chart", page.locator(".chart-container svg, .report-chart svg").count() > 0)
	page.screenshot(path=str(out / "desk-report.png"), full_page=True)


def check_seller(browser, args, check: Check, team: Team) -> None:
	context = new_context(browser, args)
	page = context.new_page()
	page.request.post("/api/method/login", form={"usr": team.users["a"], "pwd": PASSWORD})
	wait_desk(page, "/app/crm")
	numbers = card_numbers(page)
	mine = {"My Tasks Today": "2", "Overdue": "2", "Done This Week": "1"}
	check(
		"seller A's cards show only their figures",
		{k: numbers.get(k, "").strip() for k in mine} == mine,
		numbers,
	)
	rows = report_rows(page)
	check(
		"seller A's report has only their row",
		[row_of(rows, team.users[k]) is not None for k in "abm"] == [True, False, False],
		rows,
	)
	context.close()


def check_arabic(browser, args, check: Check, team: Team, out: Path) -> None:
	team.admin.call("PUT", f"/api/resource/User/{team.users['m']}", language="ar")
	context = new_context(browser, args)
	page = context.new_page()
	page.request.post("/api/method/login", form={"usr": team.users["m"], "pwd": PASSWORD})
	wait_desk(page, "/app/crm")
	numbers = card_numbers(page)
	page.locator(".dashboard-widget-box svg").first.wait_for(timeout=30000)
	page.wait_for_timeout(1500)
	check("Arabic workspace: card labels in Arabic", ARABIC_CARD in numbers, list(numbers))
	check("Arabic workspace lays out right to left", page.evaluate("document.documentElement.dir") == "rtl")
	page.screenshot(path=str(out / "desk-workspace-ar.png"), full_page=True)
	context.close()


def new_context(browser, args):
	headers = {"X-Frappe-Site-Name": args.site} if args.site else {}
	return browser.new_context(
		base_url=args.url, viewport={"width": 1400, "height": 1000}, extra_http_headers=headers
	)


def _rgb(hex_colour: str) -> str:
	value = hex_colour.lstrip("#")
	return "rgb({}, {}, {})".format(*(int(value[i : i + 2], 16) for i in (0, 2, 4)))


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--url", required=True)
	parser.add_argument("--site", default="")
	parser.add_argument("--admin-password", default="admin")
	parser.add_argument("--chromium", default="/usr/bin/chromium")
	parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "images"))
	args = parser.parse_args()
	out = Path(args.out)
	out.mkdir(parents=True, exist_ok=True)
	check = Check()
	with sync_playwright() as playwright:
		admin = Session(playwright, args, "Administrator", args.admin_password)
		team = Team(playwright, args, admin)
		try:
			before = team.sessions["m"].figures()
			team.seed(site_today(admin))
			expected = {
				"My Tasks Today": before["My Tasks Today"] + 1,
				"Overdue": before["Overdue"] + 3,
				"Done This Week": before["Done This Week"] + 2,
			}
			browser = playwright.chromium.launch(
				executable_path=args.chromium, headless=True, args=["--no-sandbox"]
			)
			context = new_context(browser, args)
			page = context.new_page()
			page.request.post("/api/method/login", form={"usr": team.users["m"], "pwd": PASSWORD})
			check_workspace(page, check, expected, team, out)
			check_calendar(page, check, out)
			check_kanban(page, check, out)
			check_report(page, check, team, out)
			check_seller(browser, args, check, team)
			check_arabic(browser, args, check, team, out)
			browser.close()
		finally:
			team.cleanup()
	print(f"{check.passed} passed, {check.failed} failed; screenshots in {out}/")
	return 1 if check.failed else 0


if __name__ == "__main__":
	sys.exit(main())
