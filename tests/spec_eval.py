"""A tiny evaluator of `TaskQuery` filters over dicts, with frappe.get_list's meaning of each
operator: a date pair `between` on a Datetime covers whole days; `<` and `<=` on a date read a
missing value as 0001-01-01 (so it matches), while `>`, `>=` and `between` never match a missing
date. Tier-1 tests use it to check which bucket a task lands in; tier 2 checks the same against a
real database."""

from datetime import date, datetime, time

DATETIME_FIELDS = {"due_date", "modified"}


def _as_comparable(fieldname, value):
	if fieldname in DATETIME_FIELDS and isinstance(value, date) and not isinstance(value, datetime):
		return datetime.combine(value, time())
	return value


def _check(task, condition):
	fieldname, operator, value = condition
	actual = task.get(fieldname)
	if operator == "in":
		return actual in value
	if operator == "not in":
		return actual not in value
	if actual is None:
		return operator in ("<", "<=")  # frappe.get_list: ifnull(field, '0001-01-01') < value
	if operator == "between":
		low, high = value
		if fieldname in DATETIME_FIELDS:
			low = _as_comparable(fieldname, low)
			high = datetime.combine(high, time.max) if not isinstance(high, datetime) else high
		return low <= actual <= high
	value = _as_comparable(fieldname, value)
	return {
		"=": actual == value,
		"<": actual < value,
		">": actual > value,
		"<=": actual <= value,
		">=": actual >= value,
	}[operator]


def matches(task, query):
	if not all(_check(task, condition) for condition in query.filters):
		return False
	return not query.or_filters or any(_check(task, condition) for condition in query.or_filters)
