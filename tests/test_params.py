from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.core import params
from crm.core.errors import InvalidParam

# Pagination safety (docs/mobile-api.md): null, empty, non-numeric and < 1 fall back; nothing raises.
BAD_PAGINATION = [
	None,
	"",
	"   ",
	"null",
	"None",
	"undefined",
	"NaN",
	"abc",
	"1a",
	"1.5",
	"0",
	"-1",
	"-0",
	0,
	-5,
	1.5,
	float("nan"),
	True,
	False,
	[],
	[2],
	{},
	{"page": 2},
	"9" * 40,
	"0x10",
	"1e3",
	"2; DROP TABLE tabCRM Task",
]


@pytest.mark.parametrize("value", BAD_PAGINATION)
def test_bad_page_falls_back_to_1(value):
	assert params.page_and_limit(value, 20)[0] == 1


@pytest.mark.parametrize("value", BAD_PAGINATION)
def test_bad_limit_falls_back_to_20(value):
	assert params.page_and_limit(1, value)[1] == 20


@pytest.mark.parametrize(
	("page", "limit", "expected"),
	[
		("2", "10", (2, 10)),
		(3, 50, (3, 50)),
		(" 4 ", " 7 ", (4, 7)),
		("+2", "+5", (2, 5)),
		(2.0, 10.0, (2, 10)),
		(1, 100, (1, 100)),
		(1, 101, (1, 100)),
		(1, "5000", (1, 100)),
		("٢", "١٠", (2, 10)),  # Arabic-Indic digits, as an Arabic keyboard types them
		("２", "１０", (2, 10)),  # full-width digits
	],
)
def test_valid_pagination_is_kept_and_limit_capped(page, limit, expected):
	assert params.page_and_limit(page, limit) == expected


@given(st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.booleans(), st.lists(st.integers())))
def test_pagination_never_raises_and_stays_in_range(value):
	page, limit = params.page_and_limit(value, value)
	assert page >= 1
	assert 1 <= limit <= 100


@given(st.integers(min_value=1, max_value=10**6))
def test_positive_integers_round_trip_as_text(number):
	assert params.positive_int(str(number), 7) == number


@pytest.mark.parametrize(
	"value", ["2025-12-05", " 2025-12-05 ", date(2025, 12, 5), datetime(2025, 12, 5, 9, 30)]
)
def test_parse_date_accepts_iso_dates(value):
	assert params.parse_date(value, "start_date", "Start Date") == date(2025, 12, 5)


@pytest.mark.parametrize(
	"value",
	["2025-13-45", "2025-02-30", "05/12/2025", "2025-12-5", "20251205", "tomorrow", "2025-12-05x", 20251205],
)
def test_parse_date_rejects_bad_dates_naming_the_field(value):
	with pytest.raises(InvalidParam) as caught:
		params.parse_date(value, "start_date", "Start Date")
	assert caught.value.field == "start_date"
	assert "Start Date" in str(caught.value)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_blank_dates_are_none(value):
	assert params.parse_date(value, "start_date", "Start Date") is None
	assert params.parse_datetime(value, "due_date", "Due Date") is None


@pytest.mark.parametrize(
	("value", "expected"),
	[
		("2025-12-05 16:00:00", datetime(2025, 12, 5, 16)),
		("2025-12-05 16:00", datetime(2025, 12, 5, 16)),
		("2025-12-05T16:00:00", datetime(2025, 12, 5, 16)),
		("2025-12-05 16:00:00.123456", datetime(2025, 12, 5, 16, 0, 0, 123456)),
		("2025-12-05 16:00:00.5", datetime(2025, 12, 5, 16, 0, 0, 500000)),
		("2025-12-05", datetime(2025, 12, 5)),
		("2025-12-05T13:00:00Z", datetime(2025, 12, 5, 16)),
		("2025-12-05T16:00:00+03:00", datetime(2025, 12, 5, 16)),
		("2025-12-05T10:00:00-0300", datetime(2025, 12, 5, 16)),
	],
)
def test_parse_datetime_formats_in_riyadh(value, expected):
	assert params.parse_datetime(value, "due_date", "Due Date", "Asia/Riyadh") == expected


@pytest.mark.parametrize(
	"value",
	[
		"2025-12-05 25:00:00",
		"2025-12-05 16:61",
		"2025-13-45 10:00",
		"2025-12-05 4pm",
		"2025-12-05T16:00:00+25:00",
		"now",
	],
)
def test_parse_datetime_rejects_bad_values(value):
	with pytest.raises(InvalidParam) as caught:
		params.parse_datetime(value, "due_date", "Due Date")
	assert caught.value.field == "due_date"


@pytest.mark.parametrize(("value", "expected"), [("High", "High"), ("high", "High"), (" LOW ", "Low")])
def test_choice_matches_case_insensitively(value, expected):
	assert params.choice(value, "priority", "Priority", ("Low", "Medium", "High")) == expected


@pytest.mark.parametrize("value", ["Urgent", "", None, 3, "High,Low"])
def test_choice_rejects_values_outside_the_set_listing_them(value):
	with pytest.raises(InvalidParam) as caught:
		params.choice(value, "priority", "Priority", ("Low", "Medium", "High"))
	message = str(caught.value)
	assert "Priority" in message
	assert "'Low', 'Medium', 'High'" in message


def test_choice_message_matches_the_seed_wording():
	with pytest.raises(InvalidParam) as caught:
		params.choice("General", "task_type", "Task Type", ("Meeting", "Call", "Property Showing"))
	assert (
		str(caught.value)
		== "Task Type cannot be General. Must be one of 'Meeting', 'Call', 'Property Showing'"
	)


@pytest.mark.parametrize(
	("value", "expected"),
	[
		("High,Medium", ["High", "Medium"]),
		("high, medium ,", ["High", "Medium"]),
		(["Low", "Low"], ["Low"]),
		("", []),
		(None, []),
		(",,", []),
	],
)
def test_choice_set(value, expected):
	assert params.choice_set(value, "importance", "Importance", ("Low", "Medium", "High")) == expected


@pytest.mark.parametrize("value", ["High,Urgent", 5, {"a": 1}])
def test_choice_set_rejects_unknown_members(value):
	with pytest.raises(InvalidParam) as caught:
		params.choice_set(value, "importance", "Importance", ("Low", "Medium", "High"))
	assert caught.value.field == "importance"


@pytest.mark.parametrize(
	("task_id", "alias", "expected"),
	[(113, None, 113), ("113", None, 113), (None, "7", 7), ("", 8, 8), (" 9 ", 1, 9)],
)
def test_record_id_prefers_task_id_and_accepts_the_name_alias(task_id, alias, expected):
	assert params.record_id(task_id, alias) == expected


@pytest.mark.parametrize(
	("task_id", "alias"),
	[(None, None), ("", ""), ("abc", None), ("0", None), (-3, None), (1.5, None), ("1; drop", None)],
)
def test_record_id_rejects_missing_or_malformed_ids(task_id, alias):
	with pytest.raises(InvalidParam) as caught:
		params.record_id(task_id, alias)
	assert caught.value.field == "task_id"


def test_text_strips_and_enforces_limits():
	assert params.text("  hello ", "title", "Title") == "hello"
	assert params.text(42, "title", "Title") == "42"
	assert params.text("", "title", "Title") is None
	with pytest.raises(InvalidParam):
		params.text("  ", "title", "Title", required=True)
	with pytest.raises(InvalidParam):
		params.text("x" * 141, "title", "Title", max_length=140)
	with pytest.raises(InvalidParam):
		params.text(["x"], "title", "Title")


def test_invalid_param_renders_through_a_translator():
	error = InvalidParam(
		"status",
		"Status",
		"{label} cannot be {value}. Must be one of {allowed}",
		value="Completed",
		allowed=("Todo", "Done"),
	)
	catalogue = {
		"Status": "الحالة",
		"{label} cannot be {value}. Must be one of {allowed}": "{label} لا يمكن أن تكون {value}. القيم المسموحة: {allowed}",
	}
	assert (
		error.render(lambda text: catalogue.get(text, text))
		== "الحالة لا يمكن أن تكون Completed. القيم المسموحة: 'Todo', 'Done'"
	)


def test_boolean_and_truthy():
	from crm.core.params import boolean, truthy

	assert [boolean(v, "f") for v in (True, "1", "TRUE", "yes", "on")] == [True] * 5
	assert [boolean(v, "f") for v in (False, "0", "false", "No", "off")] == [False] * 5
	assert boolean("", "f", default=True) is True and boolean(None, "f", default=False) is False
	for bad in ("maybe", "", None):
		with pytest.raises(InvalidParam):
			boolean(bad, "f")
	assert truthy("On") and not truthy("maybe") and not truthy(None)


@given(
	st.one_of(
		st.integers(),
		st.floats(allow_nan=True, allow_infinity=True),
		st.text(max_size=30),
		st.none(),
		st.booleans(),
		st.lists(st.integers(), max_size=2),
	),
	st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), st.none()),
)
def test_any_page_and_limit_fit_the_database(page, limit):
	"""Found by schemathesis: page=1.8e308 once reached the SQL OFFSET. Any value now gives a page in
	1..MAX_PAGE and a limit in 1..100, so (page - 1) * limit always fits a database integer."""
	clean_page, clean_limit = params.page_and_limit(page, limit)
	assert 1 <= clean_page <= params.MAX_PAGE
	assert 1 <= clean_limit <= 100
	assert (clean_page - 1) * clean_limit < 2**63


@pytest.mark.parametrize(
	"huge", [2**63, -(2**63), 1.7976931348623157e308, "99999999999999999999", "9223372036854775808"]
)
def test_integers_too_big_for_a_database_are_not_integers(huge):
	assert params.to_int(huge) is None
