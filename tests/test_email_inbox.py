"""The Human Inbox's list filters, cursor and Email Queue state (crm/core/email_inbox.py)."""

from datetime import date

import pytest

from crm.core import email_inbox
from crm.core.errors import InvalidParam


def error_of(values: dict) -> InvalidParam:
	with pytest.raises(InvalidParam) as info:
		email_inbox.parse_filters(values)
	return info.value


def test_filters_parse():
	filters = email_inbox.parse_filters(
		{
			"doctype": "Contact",
			"docname": "Fahad",
			"status": "draft,Failed",
			"search": "  villa ",
			"agent": "agent@example.com",
			"from_date": "2026-11-01",
			"to_date": "2026-11-30",
			"limit": "30",
		}
	)
	assert filters.reference == ("Contact", "Fahad")
	assert filters.statuses == ["Draft", "Failed"]
	assert (filters.search, filters.agent, filters.limit) == ("villa", "agent@example.com", 30)
	assert filters.from_date == date(2026, 11, 1)
	assert filters.date_range() == ("2026-11-01 00:00:00", "2026-12-01 00:00:00")
	assert email_inbox.parse_filters({}).limit == 20
	assert email_inbox.parse_filters({}).cursor is None


@pytest.mark.parametrize(
	("values", "field", "message"),
	[
		({"doctype": "Contact"}, "docname", "Record is required with Record type"),
		({"docname": "Fahad"}, "doctype", "Record type is required with Record"),
		({"limit": "abc"}, "limit", "Limit must be a whole number from 1 to 200, not abc"),
		({"limit": 0}, "limit", "Limit must be a whole number from 1 to 200, not 0"),
		({"limit": 201}, "limit", "Limit must be a whole number from 1 to 200, not 201"),
		({"from_date": "27/11/2026"}, "from_date", "From date must be a valid date"),
		(
			{"from_date": "2026-11-02", "to_date": "2026-11-01"},
			"to_date",
			"To date must not be before From date",
		),
		({"status": "Open"}, "status", "Status cannot be Open"),
		({"cursor": "nonsense!"}, "cursor", "Next page is not a link this server gave"),
		({"search": "x" * 141}, "search", "Search is longer than 140 characters"),
	],
)
def test_bad_filters_name_the_field_by_its_label(values, field, message):
	error = error_of(values)
	assert error.field == field
	assert str(error).startswith(message)


def test_labels_in_values_are_translated_too():
	error = error_of({"from_date": "2026-11-02", "to_date": "2026-11-01"})
	arabic = {"To date": "إلى تاريخ", "From date": "من تاريخ"}
	rendered = error.render(lambda text: arabic.get(text, text))
	assert "إلى تاريخ" in rendered and "من تاريخ" in rendered


def test_cursor_round_trip():
	token = email_inbox.encode_cursor({"communication_date": "2026-11-27 09:00:00.123456", "name": "rX1"})
	cursor = email_inbox.parse_filters({"cursor": token}).cursor
	assert (cursor.date, cursor.name) == ("2026-11-27 09:00:00.123456", "rX1")


def test_failure_reason_is_the_last_line_of_the_traceback():
	error = "Traceback (most recent call last):\n  File x\nSMTPRecipientsRefused: 550 mailbox unavailable\n\n"
	assert email_inbox.failure_reason(error) == "SMTPRecipientsRefused: 550 mailbox unavailable"
	assert email_inbox.failure_reason(None) is None
	assert len(email_inbox.failure_reason("x" * 1000)) == email_inbox.REASON_MAX


def test_queue_state_shows_the_reason_only_when_failed():
	row = {"name": "q1", "status": "Error", "error": "boom", "send_after": None, "modified": "2026-11-27"}
	assert email_inbox.queue_state(row)["error"] == "boom"
	assert email_inbox.queue_state({**row, "status": "Sent"})["error"] is None
	assert email_inbox.queue_state(None) is None


def test_counts_by_status():
	groups = [
		{"delivery_status": "Draft", "sent_or_received": "Sent", "count": 3},
		{"delivery_status": "Sending", "sent_or_received": "Sent", "count": 2},
		{"delivery_status": "Error", "sent_or_received": "Sent", "count": 1},
		{"delivery_status": None, "sent_or_received": "Received", "count": 4},
	]
	assert email_inbox.count_by_status(groups) == {
		"Draft": 3,
		"Queued": 2,
		"Sent": 0,
		"Failed": 1,
		"Received": 4,
	}
