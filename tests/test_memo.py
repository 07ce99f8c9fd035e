"""crm/core/memo.py: a bounded memo whose values expire."""

import threading

from hypothesis import given
from hypothesis import strategies as st

from crm.core.memo import MISSING, ExpiringMemo


class Clock:
	def __init__(self) -> None:
		self.now = 100.0

	def __call__(self) -> float:
		return self.now


def test_a_kept_value_is_found_until_it_expires():
	clock = Clock()
	memo = ExpiringMemo(maxsize=4, seconds=300, clock=clock)
	memo.put("a", [1, 2])
	clock.now += 299.9
	assert memo.get("a") == [1, 2]
	clock.now += 0.1
	assert memo.get("a") is MISSING
	assert len(memo) == 0  # an expired value is dropped when it is asked for


def test_none_and_false_are_values_not_misses():
	memo = ExpiringMemo(maxsize=4, seconds=60)
	memo.put("none", None)
	memo.put("false", False)
	assert memo.get("none") is None
	assert memo.get("false") is False
	assert memo.get("other") is MISSING


def test_the_least_recently_used_goes_first_when_full():
	memo = ExpiringMemo(maxsize=2, seconds=60)
	memo.put("a", 1)
	memo.put("b", 2)
	assert memo.get("a") == 1  # "a" is now the most recently used
	memo.put("c", 3)
	assert memo.get("b") is MISSING
	assert (memo.get("a"), memo.get("c")) == (1, 3)


def test_putting_again_renews_the_value_and_its_time():
	clock = Clock()
	memo = ExpiringMemo(maxsize=2, seconds=10, clock=clock)
	memo.put("a", 1)
	clock.now += 8
	memo.put("a", 2)
	clock.now += 8
	assert memo.get("a") == 2


def test_clear_forgets_everything():
	memo = ExpiringMemo(maxsize=2, seconds=10)
	memo.put("a", 1)
	memo.clear()
	assert memo.get("a") is MISSING


@given(st.lists(st.tuples(st.integers(0, 9), st.integers()), max_size=60), st.integers(1, 5))
def test_it_never_holds_more_than_maxsize_and_answers_the_last_put(puts, maxsize):
	memo = ExpiringMemo(maxsize=maxsize, seconds=60)
	last = {}
	for key, value in puts:
		memo.put(key, value)
		last[key] = value
		assert len(memo) <= maxsize
		assert memo.get(key) == value
	for key, value in last.items():
		assert memo.get(key) in (value, MISSING)


def test_threads_may_share_it():
	memo = ExpiringMemo(maxsize=8, seconds=60)
	failures = []

	def churn(offset: int) -> None:
		try:
			for index in range(2000):
				memo.put((offset, index % 16), index)
				memo.get((offset, (index + 3) % 16))
		except Exception as error:  # a race would raise KeyError or RuntimeError here
			failures.append(error)

	threads = [threading.Thread(target=churn, args=(offset,)) for offset in range(4)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	assert failures == []
	assert len(memo) <= 8
