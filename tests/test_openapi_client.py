"""A standard client generator (openapi-python-client, from PyPI) over the shipped OpenAPI file
produces every operation, with no warning: what a Flutter or Python developer gets from it."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from crm.core import openapi

SPEC = json.loads(openapi.SPEC_FILE.read_text(encoding="utf-8"))


def generator() -> str:
	"""The generator's command, installed by the `test` extra beside this Python."""
	beside = Path(sys.executable).with_name("openapi-python-client")
	found = str(beside) if beside.exists() else shutil.which("openapi-python-client")
	assert found, "openapi-python-client is missing: pip install -e '.[test]'"
	return found


def generate(spec: Path, workdir: Path) -> subprocess.CompletedProcess:
	config = workdir / "config.json"
	config.write_text(json.dumps({"post_hooks": []}))  # no formatter run over the output
	command = [generator(), "generate", "--path", str(spec), "--output-path", str(workdir / "client")]
	command += ["--meta", "none", "--config", str(config), "--fail-on-warning"]
	return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def operation_ids(spec: dict) -> set[str]:
	return {op["operationId"] for item in spec["paths"].values() for op in item.values()}


def test_every_operation_is_generated_without_a_warning(tmp_path):
	run = generate(openapi.SPEC_FILE, tmp_path)
	output = run.stdout + run.stderr
	assert run.returncode == 0, output
	assert not re.search(r"warning|will not be generated|skipping", output, re.IGNORECASE), output
	made = {path.stem for path in (tmp_path / "client" / "api").rglob("*.py") if path.stem != "__init__"}
	assert operation_ids(SPEC) == made


def test_the_generator_refuses_an_untyped_union(tmp_path):
	"""The check can fail: the old description of filter_tasks (`string` or `array` without items)."""
	spec = json.loads(json.dumps(SPEC))
	parameters = spec["paths"]["/api/method/crm.api.mobile_api.filter_tasks"]["get"]["parameters"]
	parameters[2]["schema"] = {"type": ["string", "array"]}
	path = tmp_path / "openapi.json"
	path.write_text(json.dumps(spec))
	run = generate(path, tmp_path)
	assert run.returncode != 0
	assert "mobile_api.filter_tasks" in run.stdout + run.stderr
