"""A bounded memo that forgets each value after a while: what one worker process keeps in its own
memory of values it may reuse (crm/common/task_versions.py keeps the values of a caller's task
version in one). Least recently used values go first when it is full. Safe to share between the
threads of a worker."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

MISSING = object()  # what `get` answers for a key the memo does not hold (None may be a value)


class ExpiringMemo:
	def __init__(self, maxsize: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
		self.maxsize, self.seconds, self.clock = maxsize, seconds, clock
		self._held: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
		self._lock = threading.Lock()

	def get(self, key: Hashable) -> Any:
		"""The value kept under `key`, or MISSING when none is, or when it has expired."""
		with self._lock:
			held = self._held.get(key)
			if held is None:
				return MISSING
			if held[0] <= self.clock():
				del self._held[key]
				return MISSING
			self._held.move_to_end(key)
			return held[1]

	def put(self, key: Hashable, value: Any) -> None:
		"""Keep `value` under `key` for `seconds`; the least recently used goes when full."""
		with self._lock:
			self._held[key] = (self.clock() + self.seconds, value)
			self._held.move_to_end(key)
			while len(self._held) > self.maxsize:
				self._held.popitem(last=False)

	def clear(self) -> None:
		with self._lock:
			self._held.clear()

	def __len__(self) -> int:
		return len(self._held)
