"""Draw docs/images/benchmarks.png from docs/benchmarks.json (needs matplotlib).

python scripts/plot_benchmarks.py [docs/benchmarks.json] [docs/images/benchmarks.png]
"""

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

source = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/benchmarks.json")
target = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/images/benchmarks.png")
figures = json.loads(source.read_text())
labels = list(figures)
cases = [row["case"] for row in figures[labels[-1]]["rows"]]
fig, axes = plt.subplots(1, len(labels), figsize=(6 * len(labels), 5), sharey=False, squeeze=False)
for axis, label in zip(axes[0], labels, strict=True):
	rows = {row["case"]: row for row in figures[label]["rows"]}
	series = {
		"endpoint": [rows[c]["endpoint"]["median"] if c in rows else 0 for c in cases],
		"ping + SQL": [
			rows[c]["ping"]["median"] + rows[c].get("sql", {}).get("median", 0) if c in rows else 0
			for c in cases
		],
		"generic REST": [rows[c].get("rest", {}).get("median", 0) if c in rows else 0 for c in cases],
	}
	width = 0.27
	for index, (name, values) in enumerate(series.items()):
		axis.barh([i + (index - 1) * width for i in range(len(cases))], values, height=width, label=name)
	axis.set_yticks(range(len(cases)), cases)
	axis.invert_yaxis()
	axis.set_xlabel("median ms (loopback HTTP)")
	axis.set_title(f"{label} tasks ({figures[label]['tasks']:,} on the site)")
	axis.legend(loc="lower right")
fig.tight_layout()
target.parent.mkdir(parents=True, exist_ok=True)
fig.savefig(target, dpi=110)
print(f"wrote {target}")
