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
import secrets
import sys
from pathlib import Path

from check_tally import Check
from inbox_desktop import Desktop
from inbox_fixtures import (
	Fixtures,
	Site,
	bench,
	item,
	make_fixtures,
	no_overflow,
	signed_in,
)
from playwright.sync_api import sync_playwright


def phone(check: Check, browser, args, fx: Fixtures, out: Path) -> None:
	"""The page on a phone, 390 and 320 px wide, as the Arabic-reading seller."""
	shortlist, arabic = fx.shortlist, fx.arabic
	for width in (390, 320):
		page = signed_in(browser, args, *fx.arabic_seller, width, 800, mobile=True)
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
	args = parse_args()
	out = Path(args.out)
	out.mkdir(parents=True, exist_ok=True)
	check = Check()
	if args.seed:
		seeded = int(bench(args, "crm-seed-emails", "--count", str(args.seed)).splitlines()[-1])
		check("emails seeded", seeded >= args.seed, str(seeded))
	with sync_playwright() as playwright:
		site = Site(playwright, args.url, args.admin_password)
		try:
			fx = make_fixtures(site, args.url, secrets.token_hex(3))
			browser = playwright.chromium.launch(
				executable_path=args.chromium, headless=True, args=["--no-sandbox"]
			)
			guest_goes_to_login(check, browser, args)
			Desktop(check, site, browser, args, fx, out).run()
			phone(check, browser, args, fx, out)
			browser.close()
		finally:
			site.cleanup()
	print(f"{check.passed} passed, {check.failed} failed; screenshots in {out}/")
	return 1 if check.failed else 0


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--url", default="http://127.0.0.1:8020")
	parser.add_argument("--admin-password", default="admin")
	parser.add_argument("--bench", required=True, help="the bench directory, for bench commands")
	parser.add_argument("--site", required=True)
	parser.add_argument("--seed", type=int, default=10_000, help="emails to seed (0: none)")
	parser.add_argument("--chromium", default="/usr/bin/chromium")
	parser.add_argument("--out", default="browser-check")
	return parser.parse_args()


def guest_goes_to_login(check: Check, browser, args) -> None:
	guest = browser.new_page(base_url=args.url)
	guest.goto("/human_inbox?status=Draft")
	check("a guest goes to login and back", "/login" in guest.url and "redirect-to" in guest.url, guest.url)
	guest.close()


if __name__ == "__main__":
	sys.exit(main())
