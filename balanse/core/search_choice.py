"""“Search and pick one”: a form field for choosing one row of a table too long for a select (every member,
every organisation). The person types part of the name (or the organisation number); on submit:

- the typed text names one row (exactly, or as the only row containing it): that row is taken;
- it names none: the form comes back with the app's message, the text kept as typed;
- it names several: the form comes back with the first few as radio buttons under the text; the person picks
  one and sends the form again (what was typed elsewhere in the form is kept, as on any invalid form).

It works without JavaScript and reads one query per submit, at most `shown + 1` rows, however long the table.
Only rows of `queryset` can be taken: a posted id of any other row (another organisation's, a made-up one) is
ignored, and the text is searched as usual. Text longer than `max_length`, or with a NUL character, gets a
message before any query.

Core holds no wording for it: the app passes every text a person sees (its messages, the legend of the
matches), translated in its own catalog.
"""

import re
from collections.abc import Callable

from django import forms
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When

PICK_SUFFIX = "_valg"
_ID = re.compile(r"[0-9]{1,12}")
_DIGITS = re.compile(r"[0-9]{1,9}")


class SearchChoiceWidget(forms.Widget):
    """A text input named as the field, and, after a search with several matches, a group of radio buttons
    (`<name>_valg`) with those matches. The value is `{"text": ..., "pick": ...}`."""

    template_name = "core/forms/search_choice.html"

    def __init__(self, attrs=None):
        super().__init__({"class": "ds-input", "autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.matches: list[tuple[str, str]] = []  # (value, label) of the rows to choose among
        self.legend = ""

    def value_from_datadict(self, data, files, name) -> dict:
        return {"text": data.get(name, ""), "pick": data.get(name + PICK_SUFFIX, "")}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and name + PICK_SUFFIX not in data

    def format_value(self, value):
        return value if isinstance(value, dict) else {"text": "" if value is None else str(value), "pick": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = self.format_value(value)
        context["widget"]["value"] = value["text"]
        context["widget"]["pick_name"] = name + PICK_SUFFIX
        context["widget"]["legend"] = self.legend
        context["widget"]["matches"] = [
            {"value": pk, "label": label, "checked": pk == str(value["pick"])} for pk, label in self.matches
        ]
        return context


class SearchChoiceField(forms.Field):
    """One row of `queryset`, found by what the person types: `name_field` (searched case-insensitively, part
    of it is enough) and `number_field` (digits, from the start: an organisation number).
    `label_from_instance` gives the text a person sees for a row (default: `str`). The app's texts:
    `no_match`, `several` and `too_many` (more than `shown` match; may use `%(shown)s`), each with
    `%(text)s`, the text as typed; `too_long`; `legend` (above the matches). A name that is exactly one row's is that row, even where others contain it."""

    widget = SearchChoiceWidget

    def __init__(
        self,
        *,
        queryset: models.QuerySet,
        name_field: str,
        no_match,
        several,
        too_long,
        legend,
        too_many=None,
        number_field: str | None = None,
        label_from_instance: Callable[[models.Model], str] = str,
        shown: int = 10,
        max_length: int = 200,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.queryset, self.name_field, self.number_field = queryset, name_field, number_field
        self.label_from_instance, self.shown, self.max_length = label_from_instance, shown, max_length
        self.texts = {
            "no_match": no_match,
            "several": several,
            "too_many": too_many or several,
            "too_long": too_long,
        }
        self.widget.legend = legend
        self.widget.attrs["maxlength"] = str(max_length)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.queryset = self.queryset.all()
        return result

    def prepare_value(self, value):
        """The text input shows the current row's label (editing a row, or a choice given as initial)."""
        if isinstance(value, dict) or value in (None, ""):
            return value
        if not isinstance(value, models.Model):
            if not _ID.fullmatch(str(value)):
                return {"text": str(value), "pick": ""}
            value = self.queryset.filter(pk=int(value)).first()
            if value is None:
                return None
        return {"text": self.label_from_instance(value), "pick": str(value.pk)}

    def bound_data(self, data, initial):
        return data

    def has_changed(self, initial, data) -> bool:
        initial = self.prepare_value(initial) or {"text": "", "pick": ""}
        return " ".join(str((data or {}).get("text") or "").split()) != initial["text"]

    def clean(self, value):
        value = value if isinstance(value, dict) else {"text": value or "", "pick": ""}
        self.widget.matches = []
        text = " ".join(str(value.get("text") or "").split())
        if not text:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        if len(text) > self.max_length:
            raise forms.ValidationError(self.texts["too_long"], code="too_long")
        if "\x00" in text:
            raise forms.ValidationError(self.texts["no_match"] % {"text": ""}, code="no_match")
        found = self.matches(text)
        pick = str(value.get("pick") or "")
        if _ID.fullmatch(pick):
            chosen = next((row for row in found[: self.shown] if row.pk == int(pick)), None)
            if chosen is not None:
                self._offer(found)
                return chosen
        exact = [row for row in found if row._search_rank == 0]
        if len(found) == 1 or len(exact) == 1:
            return exact[0] if exact else found[0]
        if not found:
            raise forms.ValidationError(self.texts["no_match"] % {"text": text}, code="no_match")
        self._offer(found)
        many = len(found) > self.shown
        raise forms.ValidationError(
            self.texts["too_many" if many else "several"] % {"text": text, "shown": self.shown},
            code="too_many" if many else "several",
        )

    def _offer(self, found: list) -> None:
        """The first `shown` of the rows found, as the radio buttons the widget shows under the text."""
        self.widget.matches = [(str(row.pk), self.label_from_instance(row)) for row in found[: self.shown]]

    def matches(self, text: str) -> list:
        """The rows `text` names, those named exactly first, then by name: at most `shown + 1`, one query.
        Cases are folded in the database, and the usual spellings of the text are tried as well (lower case,
        capitalised), so that “østfold” finds “Østfold” on SQLite too, whose LIKE folds only ASCII letters."""
        spellings = {text, text.lower(), text.upper(), text.capitalize(), text.title()}
        contains, exact = Q(), Q()
        for spelling in spellings:
            contains |= Q(**{f"{self.name_field}__icontains": spelling})
            exact |= Q(**{f"{self.name_field}__iexact": spelling})
        digits = text.replace(" ", "")
        if self.number_field and _DIGITS.fullmatch(digits):
            contains |= Q(**{f"{self.number_field}__startswith": digits})
            exact |= Q(**{self.number_field: digits})
        rows = (
            self.queryset.filter(contains)
            .annotate(
                _search_rank=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
            )
            .order_by("_search_rank", self.name_field, "pk")
        )
        return list(rows[: self.shown + 1])
