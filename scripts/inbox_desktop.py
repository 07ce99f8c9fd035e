"""The checks scripts/inbox_check.py runs on a desktop-sized page (1366 px), one section per method."""

import json
import time
from pathlib import Path

from check_tally import Check
from inbox_fixtures import Fixtures, Site, bench, first_page_timing, item, query, signed_in


class Desktop:
	"""The page at 1366 px as the English-reading seller, one section of checks per method."""

	def __init__(self, check: Check, site: Site, browser, args, fx: Fixtures, out: Path) -> None:
		self.check, self.site, self.args, self.fx, self.out = check, site, args, fx, out
		self.page = signed_in(browser, args, *fx.seller, 1366)

	def run(self) -> None:
		for section in (
			self.listing,
			self.open_and_cancel,
			self.edit_and_save,
			self.approve,
			self.reading,
			self.hostile_draft,
			self.keyboard,
			self.failed_send,
			self.search_and_filters,
			self.live,
		):
			section()
		self.page.context.close()

	def listing(self) -> None:
		"""The list: first page, rows, counts, the next page."""
		page, check, english, drafts = self.page, self.check, self.fx.english, self.fx.drafts
		ms = first_page_timing(page)
		check("list's first page answers in < 300 ms with the seeded emails", ms < 300, f"{ms:.0f} ms median")
		page.goto("/human_inbox")
		check(
			"compact list, newest first",
			page.locator(".inbox-item").first.get_attribute("data-name") in drafts,
		)
		total = page.locator(".status-tabs .tab").first.inner_text()
		check(
			"counts per status are shown",
			"10" in total and page.locator(".status-tabs .tab").count() == 6,
			total,
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

	def open_and_cancel(self) -> None:
		"""Open, edit, cancel: the stored email comes back."""
		page, check, english = self.page, self.check, self.fx.english
		item(page, english).click()
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
		check(
			"cancel shows the stored subject", pane.locator(".subject").inner_text() == "Viewing on Saturday"
		)
		pane.locator("[data-action=edit]").click()
		check(
			"reopening edit shows the stored text, not the cancelled one",
			"ABANDONED" not in pane.locator(".body-editor").inner_text()
			and pane.locator("input[name=subject]").input_value() == "Viewing on Saturday",
		)

	def edit_and_save(self) -> None:
		"""Subject, a cc chip and bold text, saved (the editor is open)."""
		page, check, site, out, english = self.page, self.check, self.site, self.out, self.fx.english
		pane = page.locator(".reading-pane")
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

	def approve(self) -> None:
		"""Esc cancels an edit; an edit then approved is queued once, with the edit."""
		page, check, site, english = self.page, self.check, self.site, self.fx.english
		pane = page.locator(".reading-pane")
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

	def reading(self) -> None:
		"""Desktop reading: the table's words stay whole, the image fits."""
		page, check, out, shortlist = self.page, self.check, self.out, self.fx.shortlist
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

	def hostile_draft(self) -> None:
		"""The hostile draft: no script runs."""
		page, check, hostile = self.page, self.check, self.fx.hostile
		item(page, hostile).click()
		page.wait_for_timeout(300)
		check("no script from a hostile draft runs", page.evaluate("window.__xss === undefined"))

	def keyboard(self) -> None:
		"""Keyboard: j/k, help overlay, # discards with the same confirmation."""
		page, check, site, out, doomed = self.page, self.check, self.site, self.out, self.fx.doomed
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
			and page.evaluate("document.querySelector('.inbox-item[aria-selected=true]').dataset.name")
			== doomed,
		)
		page.keyboard.press("#")
		page.wait_for_function(f"!document.querySelector('.inbox-item[data-name=\"{doomed}\"]')")
		check(
			"# discards after the same confirmation",
			any("Discard this draft" in d for d in page.dialogs)
			and not site.count("Communication", {"name": doomed}),
		)

	def failed_send(self) -> None:
		"""A failed send: its reason and Retry."""
		page, check, site, args, out, english = (
			self.page,
			self.check,
			self.site,
			self.args,
			self.out,
			self.fx.english,
		)
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

	def search_and_filters(self) -> None:
		"""Search and filters, kept in the URL."""
		page, check, shortlist, drafts, contact = (
			self.page,
			self.check,
			self.fx.shortlist,
			self.fx.drafts,
			self.fx.contact,
		)
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

	def live(self) -> None:
		"""Live: a draft arriving while the page is open."""
		page, check, site, contact = self.page, self.check, self.site, self.fx.contact
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
		check(
			"the note puts it at the top",
			page.locator(".inbox-item").first.get_attribute("data-name") == live,
		)
		page.context.close()
