"""Errors the core raises for client input it cannot accept."""

from collections.abc import Callable


def _identity(text: str) -> str:
	return text


class Label(str):
	"""A placeholder value that is itself a field's label, translated like `label` when rendered."""


class InvalidParam(ValueError):
	"""A request parameter that cannot be accepted (answered with HTTP 417).

	`field` is the parameter's name as the client sent it, `label` its human name, `message` an
	English template marked for translation whose placeholders are filled from `label` and
	`values`. The Frappe layer renders it with `frappe._` so the client reads it in its language.
	"""

	def __init__(self, field: str, label: str, message: str, **values: object) -> None:
		self.field = field
		self.label = label
		self.message = message
		self.values = values
		super().__init__(self.render())

	def render(self, translate: Callable[[str], str] = _identity) -> str:
		values = {key: _render_value(value, translate) for key, value in self.values.items()}
		return translate(self.message).format(label=translate(self.label), **values)


def _render_value(value: object, translate: Callable[[str], str]) -> object:
	if isinstance(value, Label):
		return translate(value)
	if isinstance(value, list | tuple):
		return ", ".join(f"'{item}'" for item in value)
	return value
