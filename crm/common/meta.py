"""A DocType's fields for the core rules, from the site's meta (Customize Form, Property Setters).

`doc_schema` builds a core `DocSchema` from `frappe.get_meta` and keeps it beside that Meta object
for as long as Frappe keeps the object: Frappe makes a new Meta whenever it clears its meta cache
(a Property Setter saved or deleted, Customize Form, a migrate), so this cache follows Frappe's.
Frappe 16 keeps a Meta across requests; Frappe 15 unpickles a new one in every request, so there
the schema is built once per request, reading each DocField as it stands (a copy through `as_dict`
looks up every column of DocField: 4 ms a request for CRM Task, against 0.5 ms).
"""

from weakref import WeakKeyDictionary

import frappe

from crm.core import schema
from crm.core.schema import DocSchema

_BUILT: "WeakKeyDictionary[object, DocSchema]" = WeakKeyDictionary()


def doc_schema(doctype: str) -> DocSchema:
	"""The site's definition of `doctype` as the core rules take it."""
	meta = frappe.get_meta(doctype)
	built = _BUILT.get(meta)
	if built is None:
		built = _from_meta(meta)
		_BUILT[meta] = built
	return built


def _from_meta(meta: "frappe.model.meta.Meta") -> DocSchema:
	return schema.from_fields(meta.name, meta.fields, str(meta.modified or ""))
