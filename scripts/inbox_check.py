#!/usr/bin/env python3
"""Check /human_inbox in a real headless Chromium against a running development site.

Needs Playwright (`pip install playwright`) and a Chromium (Debian: `apt install chromium`); it never
downloads a browser. Development sites only: it seeds --seed email Communications through
`bench --site SITE crm-seed-emails` (run from --bench), signs in as Administrator, makes two Sales
Users (one reading in Arabic), a Contact, an outgoing Email Account if there is none, and drafts,
and removes all but the seeded emails at the end.

	python scripts/inbox_check.py --url http://127.0.0.1:8020 --bench ~/frappe-bench \\
		--site i16m.localhost --out docs/images

Each check prints PASS or FAIL; the last line counts them; exit status 1 on any failure. Screenshots
go to --out.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, sync_playwright

XSS_HTML = (
	"<p>Payloads below must stay inert.</p>"
	'<img src="x" onerror="window.__xss=1"><script>window.__xss=2</script>'
	'<a href="javascript:window.__xss=3" id="xss-link">javascript link</a>'
)
ARABIC_SUBJECT = "متابعة: عرض الفيلا في الرياض"
ARABIC_HTML = "<p>مرحبا فهد، نرسل لك تفاصيل الفيلا كما اتفقنا. نرجو تأكيد موعد المعاينة يوم السبت.</p>"
PHOTO = "{url}/assets/frappe/images/background.png"  # an image every Frappe site serves
SHORTLIST_HTML = (
	"<p>Dear Fahad, here is the shortlist we discussed.</p><table><thead><tr>"
	+ "".join(
		f"<th>{h}</th>" for h in ("Property", "District", "Bedrooms", "Area m²", "Price SAR", "Handover")
	)
	+ "</tr></thead><tbody>"
	+ "".join(
		f"<tr><td>Villa {n}</td><td>Al Malqa</td><td>{3 + n}</td><td>{300 + 40 * n}</td>"
		f"<td>{2_100_000 + 150_000 * n:,}</td><td>Q{n} 2027</td></tr>"
		for n in range(1, 5)
	)
	+ f'</tbody></table><p><img src="{PHOTO}" width="1600" alt="Villa 1"></p>'
	+ "<p>Regards,<br>Sara</p>"
)


class Check:
	def __init__(self) -> None:
		self.passed = self.failed = 0

	def __call__(self, name: str, ok: bool, detail: str = "") -> bool:
		print(f"{'PASS' if ok else 'FAIL'}  {name}{'  ' + detail if detail else ''}", flush=True)
		self.passed += bool(ok)
		self.failed += not ok
		return bool(ok)


class Site:
	"""Administrator's API session, for fixtures and for reading back what the page did."""

	def __init__(self, playwright, url: str, password: str) -> None:
		self.api = playwright.request.new_context(base_url=url)
		answer = self.api.post("/api/method/login", form={"usr": "Administrator", "pwd": password})
		if not answer.ok:
			raise SystemExit(f"Administrator login failed: {answer.status} {answer.text()[:200]}")
		self.created: list[tuple[str, str]] = []
		self.drafts: list[str] = []

	def call(self, method: str, path: str, **data):
		response = self.api.fetch(path, method=method, data=data or None)
		if not response.ok:
			raise RuntimeError(f"{method} {path}: {response.status} {response.text()[:300]}")
		return response.json()

	def insert(self, doctype: str, **values) -> dict:
		doc = self.call("POST", f"/api/resource/{doctype}", **values)["data"]
		self.created.append((doctype, doc["name"]))
		return doc

	def value(self, doctype: str, filters: dict, field: str):
		params = {"doctype": doctype, "filters": json.dumps(filters), "fieldname": field}
		response = self.api.get("/api/method/frappe.client.get_value", params=params)
		return (response.json().get("message") or {}).get(field)

	def count(self, doctype: str, filters: dict) -> int:
		params = {"doctype": doctype, "filters": json.dumps(filters)}
		return self.api.get("/api/method/frappe.client.get_count", params=params).json()["message"]

	def draft(self, contact: str, subject: str, html: str, to: str = "fahad@example.com") -> str:
		"""A draft as an agent writes it (Administrator stands in for the agent's API key)."""
		values = {"reference_doctype": "Contact", "reference_name": contact, "to": to}
		name = self.call(
			"POST", "/api/method/crm.api.email.save_draft", **values, subject=subject, html=html
		)["message"]
		self.drafts.append(name)
		return name

	def cleanup(self) -> None:
		for name in self.drafts:
			for queued in (
				self.api.get(
					"/api/resource/Email Queue", params={"filters": json.dumps({"communication": name})}
				)
				.json()
				.get("data", [])
			):
				self.api.delete(f"/api/resource/Email Queue/{queued['name']}")
			self.api.delete(f"/api/resource/Communication/{name}")
		for doctype, name in reversed(self.created):
			self.api.delete(f"/api/resource/{doctype}/{name}")


def bench(args, *command: str) -> str:
	done = subprocess.run(
		["bench", "--site", args.site, *command],
		cwd=args.bench,
		env=os.environ.copy(),
		capture_output=True,
		text=True,
		check=True,
	)
	return done.stdout.strip()


def no_overflow(page: Page) -> tuple[bool, str]:
	widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
	return widths[0] <= widths[1], f"{widths[0]} <= {widths[1]}"


def query(page: Page) -> dict[str, list[str]]:
	return parse_qs(urlparse(page.url).query)


def item(page: Page, name: str):
	return page.locator(f'.inbox-item[data-name="{name}"]')


def make_user(site: Site, suffix: str, label: str, language: str) -> tuple[str, str]:
	user, password = f"inbox-{label}-{suffix}@example.com", "Inbox-Check-" + secrets.token_hex(8)
	site.insert(
		"User",
		email=user,
		first_name=f"Inbox {label}",
		send_welcome_email=0,
		new_password=password,
		language=language,
		roles=[{"role": "Sales User"}],
	)
	return user, password


def signed_in(browser, args, user: str, password: str, width: int, height: int = 860, mobile=False):
	context = browser.new_context(
		base_url=args.url, viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile
	)
	page = context.new_page()
	page.dialogs = []

	def on_dialog(dialog) -> None:
		page.dialogs.append(dialog.message)
		dialog.accept()

	page.on("dialog", on_dialog)
	page.request.post("/api/method/login", form={"usr": user, "pwd": password})
	return page


def first_page_timing(page: Page) -> float:
	"""Median of 7 calls of the list's first page, as the signed-in salesperson, in ms."""
	times = []
	for _ in range(7):
		started = time.perf_counter()
		answer = page.request.get("/api/method/crm.api.email.get_inbox", params={"limit": 50})
		times.append((time.perf_counter() - started) * 1000)
		assert answer.ok, answer.text()[:200]
	return statistics.median(times[1:])


def desktop(check: Check, site: Site, browser, args, seller, contact, drafts, out: Path) -> None:
	english, shortlist, _arabic, hostile, doomed = drafts
	page = signed_in(browser, args, *seller, 1366)
	ms = first_page_timing(page)
	check("list's first page answers in < 300 ms with the seeded emails", ms < 300, f"{ms:.0f} ms median")
	page.goto("/human_inbox")
	check(
		"compact list, newest first", page.locator(".inbox-item").first.get_attribute("data-name") in drafts
	)
	total = page.locator(".status-tabs .tab").first.inner_text()
	check(
		"counts per status are shown", "10" in total and page.locator(".status-tabs .tab").count() == 6, total
	)
	row = item(page, english)
	check(
		"a row shows recipient, subject, first line, record title, status and agent",
		"fahad@example.com" in row.inner_text()
		and "Viewing on Saturday" in row.inner_text()
		and "see you at 10" in row.inner_text()
		and "Fahad Al-Qahtani" in row.inner_text()
		and row.locator(".chip").inner_text() == "Draft",
		row.inner_text().replace("\n", " | "),
	)
	check("load more is offered (cursor paging)", page.locator(".load-more").is_visible())
	first = page.locator(".inbox-item").count()
	page.locator(".load-more").click()
	page.wait_for_function(f"document.querySelectorAll('.inbox-item').length > {first}")
	check("the next page appends", page.locator(".inbox-item").count() == 2 * first, str(2 * first))

	# Open → edit → cancel → edit → approve.
	row.click()
	pane = page.locator(".reading-pane")
	check("opening shows the email whole", "see you at 10" in pane.locator(".email-body").inner_text())
	check("the URL names the open email", f"open={english}" in page.url, page.url)
	pane.locator("[data-action=edit]").click()
	check(
		"editor has a toolbar and recipients as chips",
		pane.locator(".toolbar button").count() >= 5
		and pane.locator("[data-field=to] .address").count() == 1,
	)
	pane.locator("input[name=subject]").fill("Abandoned subject")
	pane.locator(".body-editor").click()
	page.keyboard.type(" ABANDONED TEXT")
	pane.locator("[data-action=cancel]").click()
	pane.locator("[data-action=edit]").wait_for()
	check("cancel shows the stored subject", pane.locator(".subject").inner_text() == "Viewing on Saturday")
	pane.locator("[data-action=edit]").click()
	check(
		"reopening edit shows the stored text, not the cancelled one",
		"ABANDONED" not in pane.locator(".body-editor").inner_text()
		and pane.locator("input[name=subject]").input_value() == "Viewing on Saturday",
	)
	pane.locator("input[name=subject]").fill("Viewing on Saturday at 10:00")
	pane.locator("[data-field=cc] input").fill("sara@example.com")
	pane.locator("[data-field=cc] input").press("Enter")
	pane.locator(".body-editor").click()
	page.keyboard.press("Control+End")
	page.keyboard.press("Shift+Home")
	pane.locator('[data-command="bold"]').click()
	page.screenshot(path=str(out / "human-inbox-edit.png"))
	pane.locator("[data-action=save]").click()
	pane.locator(".card-message").filter(has_text="Saved").wait_for(timeout=10000)
	stored = site.value("Communication", {"name": english}, "content") or ""
	check(
		"save stores the subject, the chip and the formatting",
		site.value("Communication", {"name": english}, "subject") == "Viewing on Saturday at 10:00"
		and site.value("Communication", {"name": english}, "cc") == "sara@example.com"
		and ("<strong>" in stored or "<b>" in stored),
		stored[:120],
	)
	pane.locator("[data-action=edit]").click()
	pane.locator(".body-editor").click()
	page.keyboard.press("Control+End")
	page.keyboard.type(" Parking is at gate 3.")
	page.keyboard.press("Escape")  # leaves the editor's focus… and Esc cancels editing
	pane.locator("[data-action=edit]").click()
	pane.locator(".body-editor").click()
	page.keyboard.press("Control+End")
	page.keyboard.type(" Parking is at gate 3.")
	pane.locator("[data-action=approve]").click()
	pane.locator(".card-message").filter(has_text="Queued").wait_for(timeout=10000)
	check("approval asked for confirmation", any("Send this email" in d for d in page.dialogs))
	check(
		"approved: in Frappe's Email Queue once, with the edit",
		site.count("Email Queue", {"communication": english}) == 1
		and "gate 3" in (site.value("Communication", {"name": english}, "content") or ""),
	)
	check(
		"the queued state is shown",
		pane.locator(".queue-info.queued").count() == 1
		and item(page, english).locator(".chip").inner_text() == "Queued",
	)

	# Desktop reading: the table's words stay whole, the image fits.
	item(page, shortlist).click()
	page.wait_for_selector(".email-body table")
	broken = page.evaluate(
		"""[...document.querySelectorAll('.email-body th, .email-body td')].filter(cell => {
			const range = document.createRange(); range.selectNodeContents(cell);
			return range.getClientRects().length > 1 && !cell.textContent.includes(' ');
		}).map(cell => cell.textContent)"""
	)
	check("table words are not broken mid-way on desktop", not broken, str(broken))
	check(
		"the image fits the pane",
		page.evaluate(
			"(() => { const i = document.querySelector('.email-body img'); "
			"return i.getBoundingClientRect().width <= document.querySelector('.email-body').clientWidth + 1; })()"
		),
	)
	page.screenshot(path=str(out / "human-inbox-desktop.png"))

	# The hostile draft: no script runs.
	item(page, hostile).click()
	page.wait_for_timeout(300)
	check("no script from a hostile draft runs", page.evaluate("window.__xss === undefined"))

	# Keyboard: j/k, help overlay, # discards with the same confirmation.
	page.locator(".inbox-list").focus()
	page.keyboard.press("?")
	check("? shows the shortcuts", page.locator(".help-overlay").is_visible())
	page.screenshot(path=str(out / "human-inbox-shortcuts.png"))
	page.keyboard.press("Escape")
	check("Esc closes them", not page.locator(".help-overlay").is_visible())
	item(page, doomed).click()
	before = page.evaluate("document.querySelector('.inbox-item[aria-selected=true]').dataset.name")
	page.keyboard.press("j")
	after = page.evaluate("document.querySelector('.inbox-item[aria-selected=true]').dataset.name")
	page.keyboard.press("k")
	check(
		"j and k move through the list",
		before == doomed
		and after != doomed
		and page.evaluate("document.querySelector('.inbox-item[aria-selected=true]').dataset.name") == doomed,
	)
	page.keyboard.press("#")
	page.wait_for_function(f"!document.querySelector('.inbox-item[data-name=\"{doomed}\"]')")
	check(
		"# discards after the same confirmation",
		any("Discard this draft" in d for d in page.dialogs)
		and not site.count("Communication", {"name": doomed}),
	)

	# A failed send: its reason and Retry.
	bench(args, "execute", "crm.commands.email_seeding.fail_send", "--args", json.dumps([english]))
	page.goto(f"/human_inbox?open={english}")
	failed = page.locator(".queue-info.failed")
	check(
		"a failed email shows its reason",
		"550 mailbox unavailable" in failed.inner_text(),
		failed.inner_text(),
	)
	page.screenshot(path=str(out / "human-inbox-failed.png"))
	failed.locator("[data-action=retry]").click()
	page.locator(".card-message").filter(has_text="again").wait_for(timeout=10000)
	check(
		"retry puts it back in Frappe's queue",
		site.value("Email Queue", {"communication": english}, "status") == "Not Sent"
		and item(page, english).locator(".chip").inner_text() == "Queued",
	)

	# Search and filters, kept in the URL.
	page.goto("/human_inbox")
	page.fill("input[name=search]", "shortlist")
	page.locator("input[name=search]").press("Enter")
	page.wait_for_load_state()
	names = page.eval_on_selector_all(".inbox-item", "rows => rows.map(r => r.dataset.name)")
	check(
		"search finds by subject, in the URL",
		names == [shortlist] and "search=shortlist" in page.url,
		str(names),
	)
	page.goto("/human_inbox")
	page.fill("input[name=search]", "Al-Qahtani")
	page.locator("input[name=search]").press("Enter")
	page.wait_for_load_state()
	names = set(page.eval_on_selector_all(".inbox-item", "rows => rows.map(r => r.dataset.name)"))
	check("search finds by the record's title", set(drafts[:4]) <= names, str(len(names)))
	page.goto("/human_inbox")
	page.fill("[data-record-search]", "Al-Qah")
	page.locator("#record-options li").first.wait_for(timeout=10000)
	page.locator("#record-options li").first.dispatch_event("mousedown")
	page.click(".search-row button[type=submit]")
	page.wait_for_load_state()
	records = set(page.eval_on_selector_all(".item-record", "rows => rows.map(r => r.textContent)"))
	check(
		"record filter by name (Frappe's link search), in the URL",
		records == {"Fahad Al-Qahtani"} and query(page).get("docname") == [contact],
		f"{records} {page.url}",
	)
	page.locator(".status-tabs .tab", has_text="Draft").click()
	page.wait_for_load_state()
	chips = set(page.eval_on_selector_all(".inbox-item .chip", "rows => rows.map(r => r.textContent)"))
	check(
		"status filter keeps the record filter",
		chips == {"Draft"} and "status=Draft" in page.url and "docname=" in page.url,
		f"{chips} {page.url}",
	)
	page.goto("/human_inbox?doctype=Contact&docname=no-such-contact&limit=abc")
	error = page.locator(".inbox-error").inner_text() if page.locator(".inbox-error").count() else ""
	check(
		"a bad filter is a sentence, not a traceback",
		bool(error) and "Traceback" not in page.content(),
		error,
	)
	page.goto("/human_inbox?agent=nobody%40example.com")
	check("an unknown agent is a sentence", "not found" in page.locator(".inbox-error").inner_text())

	# Live: a draft arriving while the page is open.
	page.goto("/human_inbox")
	live = site.draft(contact, "Arrived while open", "<p>A new listing in Hittin.</p>")
	note = page.locator(".new-note")
	started = time.monotonic()
	try:
		note.wait_for(state="visible", timeout=30000)
	except Exception:
		pass
	check(
		"a new draft shows an 'n new' note, no jump",
		note.is_visible()
		and "1" in note.inner_text()
		and page.locator(".inbox-item").first.get_attribute("data-name") != live,
		f"after {time.monotonic() - started:.1f} s",
	)
	note.click()
	check("the note puts it at the top", page.locator(".inbox-item").first.get_attribute("data-name") == live)
	page.context.close()


def phone(check: Check, browser, args, arabic_seller, drafts, out: Path) -> None:
	shortlist, arabic = drafts[1], drafts[2]
	for width in (390, 320):
		page = signed_in(browser, args, *arabic_seller, width, 800, mobile=True)
		page.goto("/human_inbox")
		check(
			f"{width} px: the page is right to left for an Arabic user",
			page.locator("#human-inbox").get_attribute("dir") == "rtl",
		)
		ok, detail = no_overflow(page)
		check(f"{width} px: the list has no sideways scrolling", ok, detail)
		check(
			f"{width} px: list and email are separate screens", not page.locator(".reading-pane").is_visible()
		)
		if width == 390:
			page.screenshot(path=str(out / "human-inbox-mobile-list.png"))
		item(page, shortlist).click()
		check(
			f"{width} px: opening shows the email with a back action",
			page.locator(".email .back").is_visible() and not page.locator(".inbox-list").is_visible(),
		)
		ok, detail = no_overflow(page)
		check(f"{width} px: the shortlist (table, image) fits", ok, detail)
		page.locator("[data-action=edit]").click()
		ok, detail = no_overflow(page)
		check(f"{width} px: its edit form fits", ok, detail)
		page.locator("[data-action=cancel]").click()
		page.locator(".email .back").click()
		item(page, arabic).click()
		direction = page.locator(".email-body p").first.evaluate("el => getComputedStyle(el).direction")
		check(f"{width} px: the Arabic email reads right to left", direction == "rtl")
		if width == 390:
			page.screenshot(path=str(out / "human-inbox-mobile.png"))
		page.locator(".email .back").click()
		check(f"{width} px: back returns to the list", page.locator(".inbox-list").is_visible())
		page.context.close()


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--url", default="http://127.0.0.1:8020")
	parser.add_argument("--admin-password", default="admin")
	parser.add_argument("--bench", required=True, help="the bench directory, for bench commands")
	parser.add_argument("--site", required=True)
	parser.add_argument("--seed", type=int, default=10_000, help="emails to seed (0: none)")
	parser.add_argument("--chromium", default="/usr/bin/chromium")
	parser.add_argument("--out", default="browser-check")
	args = parser.parse_args()
	out = Path(args.out)
	out.mkdir(parents=True, exist_ok=True)
	check = Check()
	suffix = secrets.token_hex(3)
	if args.seed:
		seeded = int(bench(args, "crm-seed-emails", "--count", str(args.seed)).splitlines()[-1])
		check("emails seeded", seeded >= args.seed, str(seeded))
	with sync_playwright() as playwright:
		site = Site(playwright, args.url, args.admin_password)
		try:
			if not site.count("Email Account", {"enable_outgoing": 1}):
				site.insert(
					"Email Account",
					email_account_name=f"Inbox check {suffix}",
					email_id=f"outgoing-{suffix}@example.com",
					enable_outgoing=1,
					default_outgoing=1,
					smtp_server="smtp.example.com",
					no_smtp_authentication=1,
				)
			seller = make_user(site, suffix, "seller", "en")
			arabic_seller = make_user(site, suffix, "arabic", "ar")
			contact = site.insert("Contact", first_name="Fahad", last_name="Al-Qahtani")["name"]
			drafts = [
				site.draft(contact, "Viewing on Saturday", "<p>Dear Fahad, see you at 10.</p>"),
				site.draft(contact, "Your villa shortlist", SHORTLIST_HTML.replace("{url}", args.url)),
				site.draft(contact, ARABIC_SUBJECT, ARABIC_HTML),
				site.draft(contact, "Hostile content", XSS_HTML),
				site.draft(contact, "To be discarded", "<p>An agent's mistake.</p>"),
			]
			browser = playwright.chromium.launch(
				executable_path=args.chromium, headless=True, args=["--no-sandbox"]
			)
			guest = browser.new_page(base_url=args.url)
			guest.goto("/human_inbox?status=Draft")
			check(
				"a guest goes to login and back",
				"/login" in guest.url and "redirect-to" in guest.url,
				guest.url,
			)
			desktop(check, site, browser, args, seller, contact, drafts, out)
			phone(check, browser, args, arabic_seller, drafts, out)
			browser.close()
		finally:
			site.cleanup()
	print(f"{check.passed} passed, {check.failed} failed; screenshots in {out}/")
	return 1 if check.failed else 0


if __name__ == "__main__":
	sys.exit(main())
