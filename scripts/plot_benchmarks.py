"""Draw docs/images/benchmarks.png from docs/benchmarks.json (needs matplotlib).

python scripts/plot_benchmarks.py [docs/benchmarks.json] [docs/images/benchmarks.png]
"""

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import NullFormatter

source = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/benchmarks.json")
target = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/images/benchmarks.png")
figures = json.loads(source.read_text())
labels = list(figures)
# Each run is drawn from its own rows: the deep cases' depth depends on the site's size.
columns = min(3, len(labels))  # three roles to a row
rows_of_runs = -(-len(labels) // columns)
fig, axes = plt.subplots(
	rows_of_runs, columns, figsize=(6 * columns, 5 * rows_of_runs), sharey=False, squeeze=False
)
for axis in axes.flat[len(labels) :]:
	axis.set_visible(False)
for axis, label in zip(axes.flat, labels, strict=False):
	rows = figures[label]["rows"]
	names = [row["case"] for row in rows]
	series = {
		"endpoint": [row["endpoint"]["median"] for row in rows],
		"ping + SQL": [row["ping"]["median"] + row.get("sql", {}).get("median", 0) for row in rows],
		"generic REST": [row.get("rest", {}).get("median", 0) for row in rows],
	}
	width = 0.27
	for index, (name, values) in enumerate(series.items()):
		axis.barh([i + (index - 1) * width for i in range(len(names))], values, height=width, label=name)
	axis.set_yticks(range(len(names)), names)
	axis.invert_yaxis()
	axis.set_xscale("log")  # REST at depth is 50x the endpoints: a linear axis hides them
	axis.xaxis.set_minor_formatter(NullFormatter())  # minor labels of a short log axis overlap
	axis.set_xlabel("median ms (loopback HTTP, log scale)")
	axis.set_title(f"{label} tasks")
	axis.legend(loc="best", fontsize="small")
fig.tight_layout()
target.parent.mkdir(parents=True, exist_ok=True)
fig.savefig(target, dpi=110)
print(f"wrote {target}")
