#!/usr/bin/env python3
"""Check /human_inbox in a real headless Chromium against a running site.

Needs Playwright (`pip install playwright`) and a Chromium (Debian: `apt install chromium`); it
never downloads a browser. Run it against a development site only: it signs in as Administrator,
makes a Sales User, a Contact, an outgoing Email Account if the site has none, and drafts, and
removes them all at the end.

	python scripts/browser_check_human_inbox.py --url http://crm.localhost:8000 --admin-password admin

Checks, each printed as PASS/FAIL, exit status 1 on any failure:
  1. a guest is sent to /login and back (redirect-to);
  2. the signed-in user sees their drafts; a draft carrying script payloads runs none of them;
  3. a draft is edited (subject, body) and approved: it is queued in Frappe's Email Queue once;
  4. a draft another agent writes while the page is open appears without a reload;
  5. on a phone-sized screen an Arabic draft lays out right to left with no sideways scrolling.
Screenshots go to --out (desktop, mobile).
"""

import argparse
import json
import secrets
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

XSS_HTML = (
	"<p>Payloads below must stay inert.</p>"
	'<img src="x" onerror="window.__xss=1">'
	"<script>window.__xss=2</script>"
	'<a href="javascript:window.__xss=3" id="xss-link">javascript link</a>'
	'<svg onload="window.__xss=4"></svg>'
	'<iframe srcdoc="<script>parent.__xss=5</script>"></iframe>'
)
ARABIC_SUBJECT = "متابعة: عرض الفيلا في الرياض"
ARABIC_HTML = "<p>مرحبا فهد، نرسل لك تفاصيل الفيلا كما اتفقنا.</p>"


class Check:
	def __init__(self) -> None:
		self.failures = 0

	def __call__(self, name: str, ok: bool, detail: str = "") -> None:
		print(f"{'PASS' if ok else 'FAIL'}  {name}{'  ' + detail if detail else ''}", flush=True)
		self.failures += 0 if ok else 1


class Site:
	"""Administrator's API session, for fixtures and for reading back what the page did."""

	def __init__(self, playwright, url: str, password: str) -> None:
		self.api = playwright.request.new_context(base_url=url)
		answer = self.api.post("/api/method/login", form={"usr": "Administrator", "pwd": password})
		if not answer.ok:
			raise SystemExit(f"Administrator login failed: {answer.status} {answer.text()[:200]}")
		self.created: list[tuple[str, str]] = []

	def call(self, method: str, path: str, token: str | None = None, **data):
		headers = {"Authorization": token} if token else {}
		response = self.api.fetch(path, method=method, headers=headers, data=data or None)
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

	def cleanup(self, drafts: list[str]) -> None:
		for name in drafts:
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


def agent_draft(site: Site, token: str, contact: str, subject: str, html: str) -> str:
	params = {
		"reference_doctype": "Contact",
		"reference_name": contact,
		"to": "client@example.com",
		"subject": subject,
		"html": html,
	}
	return site.call(
		"POST", "/api/method/crm.api.agent.run", token=token, command="email.draft", params=params
	)["message"]


def card(page: Page, name: str):
	return page.locator(f'.inbox-card[data-name="{name}"]')


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--url", default="http://crm.localhost:8000")
	parser.add_argument("--admin-password", default="admin")
	parser.add_argument("--chromium", default="/usr/bin/chromium")
	parser.add_argument("--out", default="browser-check")
	args = parser.parse_args()
	out = Path(args.out)
	out.mkdir(parents=True, exist_ok=True)
	check = Check()
	suffix = secrets.token_hex(3)
	user, password = f"inbox-check-{suffix}@example.com", "Inbox-Check-" + secrets.token_hex(8)
	drafts: list[str] = []

	with sync_playwright() as playwright:
		site = Site(playwright, args.url, args.admin_password)
		try:
			if not site.count("Email Account", {"enable_outgoing": 1}):
				site.insert(
					"Email Account",
					email_account_name=f"Browser check {suffix}",
					email_id=f"outgoing-{suffix}@example.com",
					enable_outgoing=1,
					default_outgoing=1,
					smtp_server="smtp.example.com",
					no_smtp_authentication=1,
				)
			site.insert(
				"User",
				email=user,
				first_name="Inbox Check",
				send_welcome_email=0,
				new_password=password,
				roles=[{"role": "Sales User"}],
			)
			secret = site.call("POST", "/api/method/frappe.core.doctype.user.user.generate_keys", user=user)[
				"message"
			]["api_secret"]
			key = site.value("User", {"name": user}, "api_key")
			token = f"token {key}:{secret}"
			contact = site.insert("Contact", first_name=f"Browser Check Fahad {suffix}")["name"]
			plain = agent_draft(
				site, token, contact, "Viewing on Saturday", "<p>Dear Fahad, see you at 10.</p>"
			)
			hostile = agent_draft(site, token, contact, "Hostile content", XSS_HTML)
			arabic = agent_draft(site, token, contact, ARABIC_SUBJECT, ARABIC_HTML)
			drafts += [plain, hostile, arabic]

			browser = playwright.chromium.launch(
				executable_path=args.chromium, headless=True, args=["--no-sandbox"]
			)
			context = browser.new_context(base_url=args.url, viewport={"width": 1280, "height": 900})
			page = context.new_page()
			dialogs: list[str] = []

			def on_dialog(dialog) -> None:
				dialogs.append(dialog.message)
				dialog.accept()

			page.on("dialog", on_dialog)

			# 1. Guests go to login and come back.
			page.goto("/human_inbox?only_drafts=1")
			check(
				"guest is redirected to login with the way back",
				"/login" in page.url and "redirect-to=%2Fhuman_inbox%3Fonly_drafts%3D1" in page.url,
				page.url,
			)

			# 2. Sign in (the session cookie is the browser's) and read the drafts.
			page.request.post("/api/method/login", form={"usr": user, "pwd": password})
			page.goto("/human_inbox?only_drafts=1")
			check("signed-in user sees the inbox", page.locator("#human-inbox").count() == 1, page.url)
			check("all three drafts are listed", all(card(page, n).count() == 1 for n in drafts))
			check(
				"XSS draft's text is shown",
				"Payloads below must stay inert." in card(page, hostile).inner_text(),
			)
			link = card(page, hostile).locator("#xss-link")
			if link.count():
				link.click()  # its javascript: href was removed; clicking must do nothing
			page.wait_for_timeout(500)
			check(
				"no script from the hostile draft ran",
				page.evaluate("window.__xss === undefined")
				and not [d for d in dialogs if "xss" in d.lower()],
				f"window.__xss={page.evaluate('String(window.__xss)')}",
			)
			check(
				"hostile draft has no script, handler or frame left",
				card(page, hostile).locator("script, iframe, svg, [onerror], [onload]").count() == 0,
			)

			# 3. Edit, save, approve and send.
			target = card(page, plain)
			check("edit form stays closed until Edit", not target.locator(".draft-form").is_visible())
			target.locator("[data-action=edit]").click()
			target.locator("input[name=subject]").fill("Viewing on Saturday at 10:00")
			target.locator(".body-editor").click()
			page.keyboard.press("End")
			page.keyboard.type(" Parking is at gate 3.")
			target.locator("[data-action=save]").click()
			target.locator(".card-message").filter(has_text="Saved").wait_for(timeout=10000)
			check(
				"edited subject is shown",
				target.locator(".subject").inner_text() == "Viewing on Saturday at 10:00",
			)
			check(
				"edit is stored",
				site.value("Communication", {"name": plain}, "subject") == "Viewing on Saturday at 10:00"
				and "gate 3" in (site.value("Communication", {"name": plain}, "content") or ""),
			)
			page.screenshot(path=str(out / "human_inbox_desktop.png"), full_page=True)
			target.locator("[data-action=send]").click()
			target.locator(".card-message").filter(has_text="Queued").wait_for(timeout=10000)
			check(
				"approval asked for confirmation", any("Send this email" in d for d in dialogs), str(dialogs)
			)
			check(
				"approved draft is in the outgoing queue once",
				site.count("Email Queue", {"communication": plain}) == 1,
			)
			check("its actions are gone", target.locator("[data-action=send]").count() == 0)

			# 4. A new draft appears without a reload.
			live = agent_draft(site, token, contact, "Arrived while open", "<p>New listing.</p>")
			drafts.append(live)
			started = time.monotonic()
			try:
				card(page, live).wait_for(timeout=30000)
				appeared = True
			except Exception:
				appeared = False
			check("new draft appears live", appeared, f"after {time.monotonic() - started:.1f} s")

			# 5. Phone screen, Arabic right to left.
			phone = browser.new_context(
				base_url=args.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
			)
			mobile = phone.new_page()
			mobile.request.post("/api/method/login", form={"usr": user, "pwd": password})
			mobile.goto("/human_inbox?only_drafts=1")
			subject = card(mobile, arabic).locator(".subject")
			check(
				"Arabic subject is right to left",
				subject.evaluate("el => getComputedStyle(el).direction") == "rtl",
			)
			check(
				"Arabic body is right to left",
				card(mobile, arabic).locator(".email-body p").evaluate("el => getComputedStyle(el).direction")
				== "rtl",
			)
			check(
				"no sideways scrolling on a phone",
				mobile.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"),
				mobile.evaluate("`${document.documentElement.scrollWidth} <= ${window.innerWidth}`"),
			)
			card(mobile, arabic).scroll_into_view_if_needed()
			mobile.screenshot(path=str(out / "human_inbox_mobile.png"), full_page=True)
			browser.close()
		finally:
			site.cleanup(drafts)
	print(f"{check.failures} failed; screenshots in {out}/")
	return 1 if check.failures else 0


if __name__ == "__main__":
	sys.exit(main())
