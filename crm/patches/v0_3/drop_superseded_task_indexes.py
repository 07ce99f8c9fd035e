"""CRM Task's indexes of this release (crm/core/task_indexes.py), then without the older ones they
replace. Run again (a new line in patches.txt) whenever a release replaces an index."""

from crm.crm.doctype.crm_task.crm_task import replace_superseded_indexes


def execute() -> None:
	replace_superseded_indexes()
