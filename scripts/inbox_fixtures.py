"""What scripts/inbox_check.py works with: the pass/fail counter, Administrator's API session on the
site (fixtures, and reading back what the page did), the emails it drafts, and small page helpers."""

import json
import os
import secrets
import statistics
import subprocess
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page

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


@dataclass(frozen=True)
class Fixtures:
	"""The users, the Contact and the drafts a check run works on."""

	seller: tuple[str, str]  # (user, password), reading in English
	arabic_seller: tuple[str, str]
	contact: str
	english: str  # the drafts, one per kind of check
	shortlist: str
	arabic: str
	hostile: str
	doomed: str  # discarded by a check

	@property
	def drafts(self) -> list[str]:
		return [self.english, self.shortlist, self.arabic, self.hostile, self.doomed]


def make_fixtures(site: Site, url: str, suffix: str) -> Fixtures:
	"""An outgoing Email Account when the site has none, two Sales Users, a Contact and five drafts."""
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
	contact = site.insert("Contact", first_name="Fahad", last_name="Al-Qahtani")["name"]
	return Fixtures(
		make_user(site, suffix, "seller", "en"),
		make_user(site, suffix, "arabic", "ar"),
		contact,
		site.draft(contact, "Viewing on Saturday", "<p>Dear Fahad, see you at 10.</p>"),
		site.draft(contact, "Your villa shortlist", SHORTLIST_HTML.replace("{url}", url)),
		site.draft(contact, ARABIC_SUBJECT, ARABIC_HTML),
		site.draft(contact, "Hostile content", XSS_HTML),
		site.draft(contact, "To be discarded", "<p>An agent's mistake.</p>"),
	)
