"""Tier 2: the Human Inbox's list (search, filters, keyset paging, counts), reading one email,
retrying a failed send, and the page's answers to bad filters, as each kind of user."""

import frappe

from crm.api import email as api
from crm.commands.email_seeding import fail_send
from crm.email import listing
from crm.email.setup import DATE_INDEX
from crm.tests.test_email_api import EmailTestCase
from crm.www import human_inbox


def names(answer: dict) -> list[str]:
	return [row["name"] for row in answer["data"]]


class TestInboxList(EmailTestCase):
	def test_search_matches_subject_recipient_and_record_title(self):
		by_subject = self.draft(subject="Penthouse in Hittin")
		by_recipient = self.draft(to="noura.h@example.com", subject="Hello")
		on_other = self.draft(reference_name=self.other_contact, subject="Another")
		self.assertEqual(names(api.get_inbox(search="penthouse", limit=200)), [by_subject])
		self.assertEqual(names(api.get_inbox(search="noura.h", limit=200)), [by_recipient])
		found = names(api.get_inbox(search="Fahad", limit=200))  # the Contact's full name
		self.assertIn(by_subject, found)
		self.assertNotIn(on_other, found)
		row = api.get_inbox(search="penthouse")["data"][0]
		self.assertEqual(row["reference_title"], frappe.db.get_value("Contact", self.contact, "full_name"))
		self.assertEqual(row["owner_name"], frappe.db.get_value("User", self.alice, "full_name"))
		self.assertIsNone(row["queue"])

	def test_search_is_limited_to_what_the_caller_may_read(self):
		hidden = self.draft(subject="Hidden penthouse")
		self.as_user(self.restricted)
		self.assertNotIn(hidden, names(api.get_inbox(search="penthouse", limit=200)))
		self.assertEqual(api.get_inbox_facets(search="Hidden penthouse")["total"], 0)

	def test_agent_and_date_filters(self):
		mine = self.draft(subject="Mine")
		self.as_user(self.manager)
		theirs = self.draft(subject="Theirs")
		self.assertIn(mine, names(api.get_inbox(agent=self.alice, limit=200)))
		self.assertNotIn(theirs, names(api.get_inbox(agent=self.alice, limit=200)))
		frappe.db.set_value("Communication", theirs, "communication_date", "2024-03-10 15:00:00")
		in_range = names(api.get_inbox(from_date="2024-03-10", to_date="2024-03-10", limit=200))
		self.assertEqual(in_range, [theirs])
		self.assertNotIn(theirs, names(api.get_inbox(from_date="2024-03-11", limit=200)))
		self.assertNotIn(theirs, names(api.get_inbox(to_date="2024-03-09", limit=200)))

	def test_bad_filters_are_sentences_naming_the_field_by_its_label(self):
		cases = {
			"From date must be a valid date": {"from_date": "2024-13-01"},
			"To date must not be before From date": {"from_date": "2024-03-02", "to_date": "2024-03-01"},
			"Status cannot be Open": {"status": "Open"},
			"Record is required with Record type": {"doctype": "Contact"},
			"Record type cannot be No Such DocType": {"doctype": "No Such DocType", "docname": "x"},
			"Next page is not a link this server gave": {"cursor": "not-a-cursor"},
		}
		for message, values in cases.items():
			with self.subTest(message), self.assertRaises(frappe.ValidationError) as caught:
				api.get_inbox(**values)
			self.assertIn(message, str(caught.exception))
		with self.assertRaises(frappe.DoesNotExistError):
			api.get_inbox(agent="nobody@example.com")
		with self.assertRaises(frappe.DoesNotExistError):
			api.get_inbox_facets(doctype="Contact", docname="missing-contact")
		self.as_user(self.restricted)
		with self.assertRaises(frappe.PermissionError):
			api.get_inbox_facets(doctype="Contact", docname=self.contact)

	def test_messages_follow_the_users_language(self):
		frappe.local.lang = "ar"
		try:
			with self.assertRaises(frappe.ValidationError) as caught:
				api.get_inbox(from_date="2024-03-02", to_date="2024-03-01")
			self.assertIn("إلى تاريخ", str(caught.exception))
			self.assertIn("من تاريخ", str(caught.exception))
		finally:
			frappe.local.lang = "en"

	def test_keyset_pages_do_not_overlap_and_end(self):
		made = [self.draft(subject=f"Page {index}") for index in range(5)]
		for index, name in enumerate(made):  # two share a time: the name breaks the tie
			stamp = f"2030-01-0{min(index, 3) + 1} 10:00:00"
			frappe.db.set_value("Communication", name, "communication_date", stamp)
		seen, cursor = [], None
		while True:
			page = api.get_inbox(
				doctype="Contact", docname=self.contact, search="Page ", limit=2, cursor=cursor
			)
			seen += names(page)
			cursor = page["next_cursor"]
			if not cursor:
				break
		self.assertEqual(seen, [*sorted(made[3:], reverse=True), made[2], made[1], made[0]])

	def test_a_page_of_rare_readable_rows_goes_on_after_the_scan_limit(self):
		readable = self.draft(reference_name=self.other_contact, subject="Scan readable")
		hidden = [self.draft(subject=f"Scan hidden {index}") for index in range(3)]
		for index, name in enumerate([readable, *hidden]):  # the readable one is the oldest
			frappe.db.set_value("Communication", name, "communication_date", f"2031-01-0{index + 1} 10:00:00")
		self.as_user(self.restricted)
		saved = listing.MAX_SCAN, listing.MIN_BATCH, listing.SCAN_FACTOR
		listing.MAX_SCAN, listing.MIN_BATCH, listing.SCAN_FACTOR = 2, 1, 1
		try:
			first = api.get_inbox(search="Scan ", limit=1)
			self.assertEqual(first["data"], [])  # two hidden rows read, none kept: answered short…
			self.assertTrue(first["next_cursor"])  # …with the place to go on from
			second = api.get_inbox(search="Scan ", limit=1, cursor=first["next_cursor"])
			self.assertEqual(names(second), [readable])
		finally:
			listing.MAX_SCAN, listing.MIN_BATCH, listing.SCAN_FACTOR = saved

	def test_facets_count_per_status_for_what_the_caller_may_read(self):
		self.draft()
		self.draft()
		sent = self.draft()
		api.send(communication_name=sent)
		self.draft(reference_name=self.other_contact)
		facets = api.get_inbox_facets(doctype="Contact", docname=self.contact)
		self.assertEqual((facets["counts"]["Draft"], facets["counts"]["Queued"]), (2, 1))
		self.assertEqual(facets["total"], 3)
		self.assertEqual(facets["doctypes"], ["Contact"])
		self.assertEqual([agent["user"] for agent in facets["agents"]], [self.alice])
		self.as_user(self.restricted)
		mine = api.get_inbox_facets()
		self.assertEqual(mine["counts"]["Queued"], 0)
		self.assertNotIn(self.contact, [row["reference_name"] for row in api.get_inbox(limit=200)["data"]])

	def test_the_date_index_exists(self):
		self.assertTrue(frappe.db.has_index("tabCommunication", DATE_INDEX))


class TestReadingAndRetry(EmailTestCase):
	def test_get_email_is_the_stored_version(self):
		name = self.draft(html="<p>Stored</p>")
		email = api.get_email(communication_name=name)
		self.assertEqual((email["html"], email["status"]), ("<p>Stored</p>", "Draft"))
		with self.assertRaises(frappe.ValidationError):
			api.get_email()
		with self.assertRaises(frappe.DoesNotExistError):
			api.get_email(communication_name="no-such-communication")
		for user in (self.restricted, self.outsider):
			self.as_user(user)
			with self.assertRaises(frappe.PermissionError):
				api.get_email(communication_name=name)

	def test_a_failed_send_shows_its_reason_and_can_be_retried(self):
		name = self.draft()
		with self.assertRaises(frappe.ValidationError) as caught:
			api.retry_send(communication_name=name)  # a draft has not failed
		self.assertIn("has not failed", str(caught.exception))
		api.send(communication_name=name)
		fail_send(name, "SMTPRecipientsRefused: 550 mailbox unavailable")
		email = api.get_email(communication_name=name)
		self.assertEqual(email["status"], "Failed")
		self.assertEqual(email["queue"]["error"], "SMTPRecipientsRefused: 550 mailbox unavailable")
		self.assertEqual(api.get_inbox(status="Failed", search=email["subject"])["data"][0]["name"], name)
		for user in (self.restricted, self.outsider):
			self.as_user(user)
			with self.assertRaises(frappe.PermissionError):
				api.retry_send(communication_name=name)
		self.as_user(self.alice)
		with self.assertRaises(frappe.DoesNotExistError):
			api.retry_send(communication_name="no-such-communication")
		self.assertEqual(api.retry_send(communication_name=name), {"ok": True})
		self.assertEqual(frappe.db.get_value("Email Queue", {"communication": name}, "status"), "Not Sent")
		self.assertEqual(api.get_email(communication_name=name)["status"], "Queued")
		with self.assertRaises(frappe.ValidationError):
			api.retry_send(communication_name=name)  # queued again: nothing to retry

	def test_edit_messages_name_fields_by_label(self):
		name = self.draft()
		with self.assertRaises(frappe.ValidationError) as caught:
			api.update_draft(communication_name=name, to="")
		self.assertIn("To is required", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			api.update_draft(communication_name=name, cc="not an address")
		self.assertIn("CC contains an invalid email address", str(caught.exception))


class TestPage(EmailTestCase):
	def render(self, **query) -> frappe._dict:
		frappe.local.form_dict = frappe._dict(query)
		context = frappe._dict()
		human_inbox.get_context(context)
		return context

	def test_bad_filters_are_a_sentence_for_any_user_administrator_included(self):
		for user in ("Administrator", self.alice):
			self.as_user(user)
			cases = {
				"Contact missing-contact not found": {"doctype": "Contact", "docname": "missing-contact"},
				"Limit must be a whole number from 1 to 200, not abc": {"limit": "abc"},
				"Record type cannot be Nope": {"doctype": "Nope", "docname": "x"},
				"Agent nobody@example.com not found": {"agent": "nobody@example.com"},
			}
			for message, query in cases.items():
				with self.subTest(user=user, message=message):
					context = self.render(**query)
					self.assertIn(message, context.error)
					self.assertEqual(context.page["data"], [])
		self.as_user(self.restricted)
		self.assertIn("permission", self.render(doctype="Contact", docname=self.contact).error)

	def test_the_page_lists_and_keeps_its_filters(self):
		name = self.draft(subject="On the page")
		context = self.render(search="On the page", only_drafts="1")
		self.assertIsNone(context.error)
		self.assertEqual(names(context.page), [name])
		self.assertEqual((context.filters["status"], context.filters["search"]), ("Draft", "On the page"))
		self.assertEqual(context.facets["counts"]["Draft"], 1)
		self.assertIn(name, context.boot_json)
