"""Static checks of the app read from its files: DocType JSON, hooks, endpoints, layering.
Nothing here imports Frappe or the app's Frappe modules."""

import ast
import json
import re
from pathlib import Path

import pytest

from .contract import (
	AGENT_COMMANDS,
	CORE_ENDPOINTS,
	DOCTYPES,
	EMAIL_CUSTOM_FIELDS,
	EMAIL_ENDPOINTS,
	GUEST_ENDPOINTS,
	MOBILE_API,
	MOBILE_ENDPOINTS,
	MOBILE_PARAMETERS,
)

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "crm"
DOCTYPE_JSONS = sorted(p for p in (APP / "crm" / "doctype").glob("*/*.json") if p.stem == p.parent.name)
PY_FILES = sorted(p for p in APP.rglob("*.py"))
STANDARD_ROLES = {"System Manager", "Administrator", "All", "Guest", "Desk User"}
FIELDTYPES = {
	"Attach", "Attach Image", "Autocomplete", "Barcode", "Button", "Check", "Code", "Color", "Column Break",
	"Currency", "Data", "Date", "Datetime", "Duration", "Dynamic Link", "Float", "Fold", "Geolocation",
	"Heading", "HTML", "HTML Editor", "Icon", "Image", "Int", "JSON", "Link", "Long Text", "Markdown Editor",
	"Password", "Percent", "Phone", "Rating", "Read Only", "Section Break", "Select", "Signature",
	"Small Text", "Tab Break", "Table", "Table MultiSelect", "Text", "Text Editor", "Time",
}  # fmt: skip


def parse(path: Path) -> ast.Module:
	return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def scrub(name: str) -> str:
	return name.replace(" ", "_").replace("-", "_").lower()


def module_functions(module: str) -> set[str]:
	path = ROOT / (module.replace(".", "/") + ".py")
	if not path.exists():
		return set()
	return {node.name for node in parse(path).body if isinstance(node, ast.FunctionDef)}


def whitelist_decorator(function: ast.FunctionDef) -> ast.Call | None:
	for decorator in function.decorator_list:
		if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "frappe.whitelist":
			return decorator
	return None


def whitelisted_functions(path: Path) -> dict[str, tuple[ast.FunctionDef, ast.Call]]:
	found = {}
	for node in ast.walk(parse(path)):
		if isinstance(node, ast.FunctionDef) and (decorator := whitelist_decorator(node)):
			found[node.name] = (node, decorator)
	return found


def keyword(call: ast.Call, name: str):
	for kw in call.keywords:
		if kw.arg == name:
			return ast.literal_eval(kw.value)
	return None


# --- DocTypes ------------------------------------------------------------------------------


def test_every_contract_doctype_is_shipped():
	assert {json.loads(p.read_text())["name"] for p in DOCTYPE_JSONS} >= set(DOCTYPES)


@pytest.mark.parametrize("path", DOCTYPE_JSONS, ids=lambda p: p.stem)
def test_doctype_json_is_valid_and_exported_as_frappe_writes_it(path):
	text = path.read_text(encoding="utf-8")
	doc = json.loads(text)
	assert text == json.dumps(doc, indent=1, sort_keys=True, separators=(",", ": ")) + "\n"
	assert doc["doctype"] == "DocType"
	assert scrub(doc["name"]) == path.stem
	assert doc["module"] in (APP / "modules.txt").read_text().split("\n")
	fieldnames = [f["fieldname"] for f in doc["fields"]]
	assert len(fieldnames) == len(set(fieldnames)), "duplicate fieldnames"
	assert doc["field_order"] == fieldnames
	for field in doc["fields"]:
		assert re.fullmatch(r"[a-z][a-z0-9_]*", field["fieldname"])
		assert field["fieldtype"] in FIELDTYPES
		if field["fieldtype"] in ("Select", "Link", "Dynamic Link", "Table", "Table MultiSelect"):
			assert field.get("options"), f"{field['fieldname']} needs options"
		if field["fieldtype"] == "Dynamic Link":
			assert field["options"] in fieldnames
		if field.get("default") and field["fieldtype"] == "Select":
			assert field["default"] in field["options"].split("\n")
	roles = set(STANDARD_ROLES) | {"Sales User", "Sales Manager"}
	for permission in doc["permissions"]:
		assert permission["role"] in roles


@pytest.mark.parametrize("path", DOCTYPE_JSONS, ids=lambda p: p.stem)
def test_each_doctype_has_a_controller_class_and_a_test(path):
	name = json.loads(path.read_text())["name"]
	controller = path.with_suffix(".py")
	classes = {node.name for node in parse(controller).body if isinstance(node, ast.ClassDef)}
	assert name.replace(" ", "").replace("-", "") in classes
	assert (path.parent / f"test_{path.stem}.py").exists()
	assert (path.parent / "__init__.py").exists()


def test_crm_task_is_autoincrement_and_indexed_for_the_mobile_lists():
	doc = json.loads((APP / "crm/doctype/crm_task/crm_task.json").read_text())
	assert doc["autoname"] == "autoincrement"
	indexed = {f["fieldname"] for f in doc["fields"] if f.get("search_index")}
	assert {"start_date", "due_date", "status", "assigned_to"} <= indexed
	assert doc["track_changes"] == 1


# --- hooks and app files -------------------------------------------------------------------


def hook_paths() -> list[tuple[str, str]]:
	paths = []
	for node in parse(APP / "hooks.py").body:
		if not isinstance(node, ast.Assign):
			continue
		name = node.targets[0].id
		for constant in ast.walk(node.value):
			if (
				isinstance(constant, ast.Constant)
				and isinstance(constant.value, str)
				and constant.value.startswith("crm.")
			):
				paths.append((name, constant.value))
	return paths


def test_hooks_declare_paths():
	assert {name for name, _path in hook_paths()} >= {
		"before_install",
		"after_migrate",
		"auth_hooks",
		"after_request",
	}


@pytest.mark.parametrize(("hook", "dotted"), hook_paths())
def test_every_hook_path_resolves(hook, dotted):
	module, function = dotted.rsplit(".", 1)
	assert function in module_functions(module), f"{hook}: {dotted} does not resolve"


def test_app_files():
	assert (APP / "modules.txt").read_text().split() == ["CRM"]
	assert "[post_model_sync]" in (APP / "patches.txt").read_text()
	assert re.search(r'^__version__ = "\d+\.\d+\.\d+', (APP / "__init__.py").read_text(), re.M)
	for path in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "CHANGELOG.md", "license.txt"):
		assert (ROOT / path).exists(), path
	hooks = parse(APP / "hooks.py")
	names = {node.targets[0].id for node in hooks.body if isinstance(node, ast.Assign)}
	assert {"app_name", "app_title", "app_publisher", "app_description", "app_license"} <= names


def test_ci_runs_tier2_on_every_cell_the_readme_claims():
	"""Each ✅ of the README's support table is a job of the CI's tier-2 matrix, and each job a ✅."""
	databases = ("mariadb", "postgres", "sqlite")
	claimed = set()
	for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
		if row := re.match(r"\| (\d+) \(", line):
			cells = line.strip("|").split("|")[1:]
			claimed |= {(row[1], db) for db, cell in zip(databases, cells, strict=True) if "✅" in cell}
	workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
	jobs = set(re.findall(r"\{ frappe: version-(\d+),.*db: (\w+) \}", workflow))
	assert claimed and jobs == claimed


def test_tier2_test_imports_are_installed_by_bench():
	"""What tier-2 tests import beyond Frappe and the standard library is in
	[tool.bench.dev-dependencies], which `bench setup requirements --dev` installs on a stock bench."""
	import sys

	import tomllib

	pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
	dev = set(pyproject["tool"]["bench"]["dev-dependencies"])
	frappe_installs = {"frappe", "crm", "redis", "requests", "werkzeug"}  # Frappe's own requirements
	tests = [*(APP / "tests").glob("*.py"), *(APP / "crm" / "doctype").glob("*/test_*.py")]
	for path in tests:
		for node in ast.walk(parse(path)):
			if isinstance(node, ast.Import):
				names = [alias.name for alias in node.names]
			elif isinstance(node, ast.ImportFrom) and not node.level:
				names = [node.module or ""]
			else:
				continue
			for name in (name.split(".")[0] for name in names):
				known = name in sys.stdlib_module_names or name in frappe_installs or name in dev
				assert known, f"{path.name} imports {name}, which no bench installs for tests"


# --- layering and conventions --------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((APP / "core").rglob("*.py")), ids=lambda p: p.name)
def test_core_never_imports_frappe_or_the_frappe_layer(path):
	for node in ast.walk(parse(path)):
		if isinstance(node, ast.Import):
			names = [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom):
			names = [node.module or ""]
		else:
			continue
		for name in names:
			assert not name.startswith("frappe"), f"{path.name} imports {name}"
			assert not name.startswith(("crm.api", "crm.mobile", "crm.common", "crm.crm")), (
				f"{path.name} imports {name}"
			)


def test_api_modules_never_import_each_other():
	for path in (APP / "api").glob("*.py"):
		for node in ast.walk(parse(path)):
			if isinstance(node, ast.ImportFrom) and node.module:
				assert not node.module.startswith("crm.api"), f"{path.name} imports {node.module}"


@pytest.mark.parametrize(
	"path", PY_FILES + sorted((ROOT / "tests").glob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_files_stay_small_and_indent_with_tabs(path):
	lines = path.read_text(encoding="utf-8").splitlines()
	assert len(lines) <= 400
	assert not [n for n, line in enumerate(lines, 1) if re.match(r"^ {4}", line)], (
		"indent with tabs, as Frappe does"
	)


def test_every_whitelisted_function_is_fully_typed():
	for path in PY_FILES:
		for name, (function, _decorator) in whitelisted_functions(path).items():
			args = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
			untyped = [a.arg for a in args if a.annotation is None and a.arg != "self"]
			assert not untyped, f"{path.name}:{name} has untyped parameters {untyped}"
			assert function.returns is not None, f"{path.name}:{name} has no return annotation"


def test_only_contract_guest_endpoints_allow_guests():
	allowed = set(GUEST_ENDPOINTS)
	for path in (APP / "api").glob("*.py"):
		module = f"crm.api.{path.stem}"
		for name, (_function, decorator) in whitelisted_functions(path).items():
			if keyword(decorator, "allow_guest"):
				assert f"{module}.{name}" in allowed, f"{module}.{name} allows guests"


# --- the mobile endpoints (docs/mobile-api.md) ------------------------------------------------------

MOBILE_FILE = ROOT / (MOBILE_API.replace(".", "/") + ".py")


@pytest.mark.parametrize("endpoint", sorted(MOBILE_ENDPOINTS))
def test_mobile_endpoint_exists_and_is_whitelisted_as_the_contract_says(endpoint):
	guest, methods = MOBILE_ENDPOINTS[endpoint]
	functions = whitelisted_functions(MOBILE_FILE)
	assert endpoint in functions, f"{MOBILE_API}.{endpoint} missing or not whitelisted"
	function, decorator = functions[endpoint]
	assert bool(keyword(decorator, "allow_guest")) is guest
	if methods:
		assert set(keyword(decorator, "methods") or ()) == set(methods)
	parameters = {a.arg for a in function.args.args}
	assert set(MOBILE_PARAMETERS.get(endpoint, ())) <= parameters


# --- email and the agent router (docs/email-agent.md) --------------------------------------------------


@pytest.mark.parametrize("dotted", sorted(EMAIL_ENDPOINTS | CORE_ENDPOINTS))
def test_seed_004_endpoint_exists_and_is_whitelisted(dotted):
	parameters, methods = (EMAIL_ENDPOINTS | CORE_ENDPOINTS)[dotted]
	module, name = dotted.rsplit(".", 1)
	functions = whitelisted_functions(ROOT / (module.replace(".", "/") + ".py"))
	assert name in functions, f"{dotted} missing or not whitelisted"
	function, decorator = functions[name]
	assert bool(keyword(decorator, "allow_guest")) is (dotted in GUEST_ENDPOINTS)
	if methods:
		assert set(keyword(decorator, "methods") or ()) == set(methods)
	assert set(parameters) <= {a.arg for a in function.args.args}


def test_agent_router_serves_the_seed_commands():
	from crm.core.agent import COMMANDS

	assert sorted(COMMANDS) == sorted(AGENT_COMMANDS)


def test_communication_custom_fields_are_installed_indexed():
	# By AST: crm/email/setup.py declares the three fields, the two ids with search_index.
	tree = parse(APP / "email" / "setup.py")
	fields = {}
	for node in ast.walk(tree):
		if isinstance(node, ast.Dict) and any(
			isinstance(k, ast.Constant) and k.value == "fieldname" for k in node.keys
		):
			values = {k.value: getattr(v, "value", None) for k, v in zip(node.keys, node.values, strict=True)}
			fields[values["fieldname"]] = values
	assert set(EMAIL_CUSTOM_FIELDS) <= set(fields)
	assert fields["provider_message_id"].get("search_index") == 1
	assert fields["provider_thread_id"].get("search_index") == 1
	hooks = (APP / "hooks.py").read_text()
	assert "crm.install.after_migrate" in hooks and "crm.install.after_install" in hooks
