"""Tier-1 tests import the app's plain modules straight from the checkout; Frappe is not needed."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
	sys.path.insert(0, str(ROOT))
