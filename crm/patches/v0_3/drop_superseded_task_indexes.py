"""CRM Task's indexes of this release (crm/core/task_indexes.py), then without the older ones they
replace. The new ones are made here first: a migration makes a DocType's indexes only when its
JSON changed (`on_doctype_update`)."""

from crm.common.db_differences import drop_index
from crm.core import task_indexes
from crm.crm.doctype.crm_task.crm_task import on_doctype_update


def execute() -> None:
	on_doctype_update()
	for columns in task_indexes.SUPERSEDED:
		drop_index("CRM Task", task_indexes.index_name(columns))
