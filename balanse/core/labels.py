"""The label of a choice, translated once per language and process.

Django's `get_FOO_display` and `Choices(value).label` translate on every call (the former every label of the
field's choices, to build its lookup); a list that names a state or an art field on each of its rows paid for
that row by row."""

from django.db import models
from django.utils.translation import get_language

# {(choices, language): {value: label}}
_LABELS: dict[tuple[type[models.Choices], str | None], dict] = {}


def choice_label(choices: type[models.Choices], value):
    """The label of `value` among `choices` in the active language, as `get_FOO_display` gives it (the value
    itself when it is not one of the choices)."""
    key = (choices, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {choice: str(label) for choice, label in choices.choices}
    return labels.get(value, value)
