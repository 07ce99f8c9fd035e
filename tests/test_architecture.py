"""The layers point one way (README, "Code layout"): `crm/api` and the pages → the area packages →
`crm/common` → `crm/core`. A module may import from its own layer or one below, never from above.
Tooling (bench commands, tests) stands outside the request path and may import anything."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "crm"

CORE, COMMON, AREA, ENTRY, TOOLING = range(5)
LAYERS = {
	"crm.core": CORE,
	"crm.common": COMMON,
	"crm.api": ENTRY,
	"crm.www": ENTRY,
	"crm.hooks": ENTRY,
	"crm.commands": TOOLING,
	"crm.tests": TOOLING,
}
NAMES = {CORE: "crm/core", COMMON: "crm/common", AREA: "an area package", ENTRY: "crm/api or a page"}


def layer(module: str) -> int:
	"""The layer of a `crm.*` module; anything not named above is an area package (crm/mobile,
	crm/email, the DocType controllers in crm/crm, patches, install). The package's own
	`crm.__version__` is below everything; the tests beside each DocType are tooling."""
	if module in ("crm", "crm.__version__"):
		return CORE
	if module.rsplit(".", 1)[-1].startswith("test_"):
		return TOOLING
	for prefix, rank in LAYERS.items():
		if module == prefix or module.startswith(prefix + "."):
			return rank
	return AREA


def module_of(path: Path) -> str:
	parts = path.relative_to(ROOT).with_suffix("").parts
	return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_imports(source: str) -> list[str]:
	names: list[str] = []
	for node in ast.walk(ast.parse(source)):
		if isinstance(node, ast.Import):
			names += [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
			names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
	return [name for name in names if name == "crm" or name.startswith("crm.")]


def upward_imports(module: str, source: str) -> list[str]:
	own = layer(module)
	return sorted({name for name in app_imports(source) if layer(name) > own})


APP_FILES = sorted(APP.rglob("*.py"))


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_from_a_layer_above_it(path):
	module = module_of(path)
	upward = upward_imports(module, path.read_text(encoding="utf-8"))
	assert not upward, f"{module} ({NAMES.get(layer(module), 'tooling')}) imports from above: {upward}"


@pytest.mark.parametrize(
	("module", "source", "upward"),
	[
		("crm.core.tasks", "from crm.common import records", ["crm.common", "crm.common.records"]),
		("crm.common.records", "import crm.mobile.tasks", ["crm.mobile.tasks"]),
		("crm.email.drafts", "from crm.api.email import send", ["crm.api.email", "crm.api.email.send"]),
		(
			"crm.crm.doctype.crm_task.crm_task",
			"from crm.www import human_inbox",
			["crm.www", "crm.www.human_inbox"],
		),
		("crm.email.drafts", "from crm.common import records\nfrom crm.core import tasks", []),
		("crm.commands.mobile_benchmark", "from crm.api import mobile_api", []),
		("crm.api.email", "from crm.email import drafts", []),
		("crm.core.openapi", "from crm import __version__", []),
		("crm.crm.doctype.crm_task.test_crm_task", "from crm.tests.utils import make_task", []),
	],
)
def test_the_check_finds_upward_imports(module, source, upward):
	assert upward_imports(module, source) == upward
