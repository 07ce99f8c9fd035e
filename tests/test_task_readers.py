"""No app code reads CRM Task around its permission rule (read from the files, not imported).

Every reader of tasks goes through Frappe's permission engine (`frappe.get_list`, a document's
`check_permission`), so CRM Task's rule applies everywhere. A read that skips it (`frappe.get_all`,
`frappe.db.get_value`/`get_values`/`get_all`, `ignore_permissions=True`, a query builder
`DocType("CRM Task")`) must be in ALLOWED, with the reason it reveals nothing.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "crm"
TASK = "CRM Task"
SKIPPING = {"frappe.get_all", "frappe.db.get_all", "frappe.db.get_value", "frappe.db.get_values"}

ALLOWED = {
	# The caller's own idempotency key (a digest that includes their user name) finds the task
	# they created; the answer then goes through get_task, which checks permission.
	("crm/mobile/tasks.py", "_task_for_key"),
	# The row lock for a stale-write check, after get_task checked the caller may write the task.
	("crm/mobile/tasks.py", "update_task"),
	# Housekeeping jobs and tooling, on behalf of no caller.
	("crm/mobile/tasks.py", "expire_idempotency_keys"),
	("crm/commands/seeding.py", "assignee"),
	("crm/patches/v0_2/drop_task_assignment_shares.py", "_drop_assignee_shares"),
	# The once-a-minute notification job: which noted tasks are still assigned to the assignee.
	("crm/mobile/assignments.py", "_still_assigned"),
	("crm/mobile/sync.py", "_longest_id"),
	# A migration patch (fills completed_on of tasks already done), on behalf of no caller.
	("crm/patches/v0_2/fill_task_completed_on.py", "execute"),
}


def task_names(tree: ast.Module) -> set[str]:
	"""How a module spells "CRM Task": DOCTYPE imported from crm.core.tasks (or `<alias>.DOCTYPE`
	of that module), or a name assigned the text."""
	names = set()
	for node in ast.walk(tree):
		if isinstance(node, ast.ImportFrom) and node.module == "crm.core.tasks":
			names |= {alias.asname or alias.name for alias in node.names if alias.name == "DOCTYPE"}
		if isinstance(node, ast.ImportFrom) and node.module == "crm.core":
			names |= {
				f"{alias.asname or alias.name}.DOCTYPE" for alias in node.names if alias.name == "tasks"
			}
		if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value == TASK:
			names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
	return names


def is_task(node: ast.AST, names: set[str]) -> bool:
	if isinstance(node, ast.Constant):
		return node.value == TASK
	return isinstance(node, ast.Name | ast.Attribute) and ast.unparse(node) in names


def skipping_reads(path: Path):
	"""(function, line, call) of each read of CRM Task that skips the permission rule."""
	tree = ast.parse(path.read_text(encoding="utf-8"))
	names = task_names(tree)
	for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)):
		for call in (node for node in ast.walk(function) if isinstance(node, ast.Call)):
			callee = ast.unparse(call.func)
			about_task = bool(call.args) and is_task(call.args[0], names)
			skips = any(
				kw.arg == "ignore_permissions" and ast.unparse(kw.value) == "True" for kw in call.keywords
			)
			if about_task and (callee in SKIPPING or skips or callee.endswith("qb.DocType")):
				yield function.name, call.lineno, callee


def app_reads() -> dict[tuple[str, str], list[str]]:
	reads: dict[tuple[str, str], list[str]] = {}
	for path in sorted(APP.rglob("*.py")):
		relative = str(path.relative_to(ROOT))
		if "/tests/" in relative or relative.startswith("crm/core/") or path.name.startswith("test_"):
			continue
		for function, line, callee in skipping_reads(path):
			reads.setdefault((relative, function), []).append(f"{relative}:{line} {function}: {callee}")
	return reads


def test_no_task_reader_skips_the_permission_rule():
	found = [read for key, reads in app_reads().items() if key not in ALLOWED for read in reads]
	assert not found, "reads of CRM Task around its permission rule:\n" + "\n".join(found)


def test_the_allow_list_names_only_reads_that_exist():
	assert ALLOWED <= set(app_reads())


def test_the_check_sees_a_skipping_read():
	source = 'import frappe\ndef leak():\n\treturn frappe.get_all("CRM Task", pluck="name")\n'
	path = ROOT / "tests" / "_leak_probe.py"
	path.write_text(source)
	try:
		assert list(skipping_reads(path)) == [("leak", 3, "frappe.get_all")]
	finally:
		path.unlink()
