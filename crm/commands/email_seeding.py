"""Seed emails for the Human Inbox's load check (`bench --site S crm-seed-emails`), and a failed send.

Development sites only: the browser check (scripts/inbox_check.py) calls these through bench.
"""

import random
from datetime import timedelta

import frappe
from frappe.utils import now_datetime

from crm.core.email_drafts import DRAFT

SEED_MARK = "[inbox seed]"
CHUNK = 2_000
DELIVERY = (DRAFT, DRAFT, "Sending", "Sent", "Sent", "Error")
FIELDS = (
	"name",
	"subject",
	"communication_type",
	"communication_medium",
	"sent_or_received",
	"delivery_status",
	"reference_doctype",
	"reference_name",
	"recipients",
	"sender",
	"content",
	"communication_date",
	"status",
	"owner",
	"modified_by",
	"creation",
	"modified",
)


def seed(count: int, contacts: int = 50, seed_value: int = 16) -> int:
	"""Bulk-insert `count` email Communications on `contacts` seed Contacts, dated over 90 days
	before now (so anything drafted later is newer). Answers how many exist with the mark."""
	people = seed_contacts(contacts)
	rng = random.Random(seed_value)
	now = now_datetime()
	rows = [row(index, rng, people, now) for index in range(count)]
	for start in range(0, len(rows), CHUNK):
		frappe.db.bulk_insert("Communication", FIELDS, rows[start : start + CHUNK], ignore_duplicates=True)
	frappe.db.commit()
	return frappe.db.count("Communication", {"subject": ("like", f"{SEED_MARK}%")})


def row(index: int, rng: random.Random, people: list[str], now) -> tuple:
	stamp = now - timedelta(days=1, seconds=rng.randint(0, 90 * 86400))
	contact = people[index % len(people)]
	return (
		f"inbox-seed-{index:06d}",
		f"{SEED_MARK} Viewing {index} in Al Malqa",
		"Communication",
		"Email",
		"Sent",
		DELIVERY[index % len(DELIVERY)],
		"Contact",
		contact,
		f"client{index % 97}@example.com",
		"sales@example.com",
		f"<p>Seed email {index}: the villa shortlist.</p>",
		stamp,
		"Linked",
		"Administrator",
		"Administrator",
		stamp,
		stamp,
	)


def seed_contacts(count: int) -> list[str]:
	names = []
	for index in range(1, count + 1):
		first = f"Inbox Seed {index:03d}"
		name = frappe.db.get_value("Contact", {"first_name": first}, "name")
		if not name:
			name = (
				frappe.get_doc({"doctype": "Contact", "first_name": first})
				.insert(ignore_permissions=True)
				.name
			)
		names.append(name)
	return names


def remove() -> None:
	"""Delete the seeded emails (the seed Contacts stay: other data may point at them)."""
	frappe.db.delete("Communication", {"subject": ("like", f"{SEED_MARK}%")})
	frappe.db.commit()


def fail_send(communication: str, reason: str = "SMTPRecipientsRefused: 550 mailbox unavailable") -> None:
	"""Mark a queued email as failed, as Frappe's queue does when the mail server refuses it."""
	for queue in frappe.get_all("Email Queue", filters={"communication": communication}, pluck="name"):
		frappe.get_doc("Email Queue", queue).update_status(status="Error", error=f"Traceback …\n{reason}")
	frappe.db.commit()
