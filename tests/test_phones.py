"""Phone numbers to E.164: the formats people type, and what is refused before any call."""

import pytest

from crm.core import phones
from crm.core.errors import InvalidParam

SAUDI_MOBILE = "+966501234567"

# (what a person or a system typed, the default region, E.164)
REAL_WORLD = [
	("+966501234567", "SA", SAUDI_MOBILE),
	("966501234567", "SA", SAUDI_MOBILE),  # WhatsApp's wa_id: the number without +
	("00966501234567", "SA", SAUDI_MOBILE),  # international prefix 00
	("0501234567", "SA", SAUDI_MOBILE),  # national format
	("050 123 4567", "SA", SAUDI_MOBILE),
	("050-123-4567", "SA", SAUDI_MOBILE),
	("(050) 123-4567", "SA", SAUDI_MOBILE),
	("+966 50 123 4567", "SA", SAUDI_MOBILE),
	("+966-50-123-4567", "SA", SAUDI_MOBILE),
	("+966.50.123.4567", "SA", SAUDI_MOBILE),
	("٠٥٠١٢٣٤٥٦٧", "SA", SAUDI_MOBILE),  # Arabic-Indic digits
	("+٩٦٦٥٠١٢٣٤٥٦٧", "SA", SAUDI_MOBILE),
	("٠٠٩٦٦ ٥٠ ١٢٣ ٤٥٦٧", "SA", SAUDI_MOBILE),
	("۰۵۰۱۲۳۴۵۶۷", "SA", SAUDI_MOBILE),  # Persian (Extended Arabic-Indic) digits
	("\u200e+966 50 123 4567\u200f", "SA", SAUDI_MOBILE),  # direction marks from an RTL editor
	("\u00a0+966\u00a0501234567 ", "SA", SAUDI_MOBILE),  # no-break spaces
	(966501234567, "SA", SAUDI_MOBILE),  # a JSON number
	("050 1234567", "SA", SAUDI_MOBILE),
	("+971 50 123 4567", "SA", "+971501234567"),  # UAE, written internationally
	("0501234567", "AE", "+971501234567"),  # UAE, national with region AE
	("00971-4-345-6789", "SA", "+97143456789"),  # Dubai landline
	("+20 10 0123 4567", "SA", "+201001234567"),  # Egypt
	("+44 20 7946 0958", "SA", "+442079460958"),  # London
	("(202) 555-0143", "US", "+12025550143"),
	("+1 202-555-0143", "SA", "+12025550143"),
	("011 2345 678", "SA", "+966112345678"),  # Riyadh landline
	("+965 5012 3456", "SA", "+96550123456"),  # Kuwait
]


@pytest.mark.parametrize(("typed", "region", "e164"), REAL_WORLD)
def test_real_world_formats_normalize_to_e164(typed, region, e164):
	assert phones.normalize(typed, default_region=region) == e164


def test_at_least_twenty_formats_are_covered():
	assert len(REAL_WORLD) >= 20


@pytest.mark.parametrize(
	"bad",
	["", "   ", "abc", "12", "+966 12", "0501234567890123", "+999 123 456 789", "+966-50-123-456a", "1" * 50],
)
def test_invalid_numbers_are_refused_naming_the_field(bad):
	with pytest.raises(InvalidParam) as error:
		phones.normalize(bad, "to", "To")
	assert error.value.field == "to"


@pytest.mark.parametrize("bad", [None, True, 5.5, ["+966501234567"], {"to": 1}])
def test_non_text_is_refused(bad):
	with pytest.raises(InvalidParam):
		phones.normalize(bad, "to", "To")


def test_try_normalize_answers_none_for_stored_garbage():
	assert phones.try_normalize("call the office") is None
	assert phones.try_normalize("0501234567") == SAUDI_MOBILE


def test_wa_id_round_trip():
	assert phones.wa_id(SAUDI_MOBILE) == "966501234567"
	assert phones.from_wa_id("966501234567") == SAUDI_MOBILE
	assert phones.from_wa_id("") is None
	assert phones.from_wa_id(None) is None


def test_regions():
	assert phones.region("sa") == "SA"
	with pytest.raises(InvalidParam):
		phones.region("Saudi")
	with pytest.raises(InvalidParam):
		phones.region("")
