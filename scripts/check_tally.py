"""The PASS/FAIL lines the browser checks print (scripts/desk_check.py, scripts/inbox_check.py), and
their count."""


class Check:
	def __init__(self) -> None:
		self.passed = self.failed = 0

	def __call__(self, name: str, ok: bool, detail: object = "") -> bool:
		"""Print one check's line and count it; `ok` back, so a check can guard the next step."""
		print(f"{'PASS' if ok else 'FAIL'}  {name}{'  ' + str(detail) if detail != '' else ''}", flush=True)
		self.passed += bool(ok)
		self.failed += not ok
		return bool(ok)
