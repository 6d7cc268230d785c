"""What every section shares: field helpers, the risk factors, the section form and its bounded row formsets,
and the base classes."""

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.forms.formsets import ManagementForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.core import stamps
from balanse.core.forms_rendering import StyledFormMixin
from balanse.core.numbers import AsciiIntegerField
from balanse.workbook.content import in_page_language
from balanse.workbook.models import RiskFactor

TEXT_LIMIT = 4000
RULE_LIMIT = 500
APPLIES = [
    ("yes", gettext_lazy("Yes")),
    ("partly", gettext_lazy("Partly")),
    ("no", gettext_lazy("No")),
]
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _text(label, *, rows=3, limit=TEXT_LIMIT, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={
            "max_length": gettext_lazy(
                "This text can be at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


def _line(label, *, limit=200):
    return forms.CharField(label=label, required=False, max_length=limit)


def style_fields(form: forms.BaseForm) -> None:
    """Designsystemet classes on fields added after StyledFormMixin ran. The length limit is checked on the
    server with a clear message; a browser maxlength would cut pasted text off silently."""
    for field in form.fields.values():
        if not isinstance(field.widget, forms.HiddenInput):
            field.widget.attrs.setdefault("class", "ds-input")
        field.widget.attrs.pop("maxlength", None)


@dataclass
class Factor:
    key: str
    title: str
    text: str = ""
    own: bool = False


def default_factors() -> list[Factor]:
    translated = (in_page_language() or {}).get("factors", {})
    factors = []
    for slug, title, text in stamps.kept_rows(
        "workbook.default_factors",
        lambda: RiskFactor.objects.filter(active=True).values_list("slug", "title", "text"),
    ):
        english = translated.get(slug)
        factors.append(
            Factor(slug, english["title"], english["text"]) if english else Factor(slug, title, text)
        )
    return factors


def factors_for(data_risk: dict, defaults: list[Factor] | None = None) -> list[Factor]:
    """The default factors in use, then the organisation's own factors from the risk mapping."""
    factors = list(defaults if defaults is not None else default_factors())
    for own in data_risk.get("own", []):
        factors.append(Factor(own["key"], own.get("title", ""), "", own=True))
    return factors


# ---------------------------------------------------------------- repeating rows


class _RowCounts(ManagementForm):
    """The formset's row counts, as the browser sends them back: ASCII digits, not negative."""

    TOTAL_FORMS = AsciiIntegerField(min_value=0, widget=forms.HiddenInput)
    INITIAL_FORMS = AsciiIntegerField(min_value=0, widget=forms.HiddenInput)


class RowFormSet(forms.BaseFormSet):
    """Repeating rows of a section (rules, contact persons), bounded on the server.

    The number of rows is never taken from the request as it is: Django builds at most `absolute_max` forms
    whatever the count says, more than `max_num` rows is refused with a message, and a count that is not a
    number shows the saved rows again (with what was typed in them) and a message."""

    default_error_messages = {
        "missing_management_form": gettext_lazy(
            "The form did not arrive as it was sent. Check the rows below and save again."
        ),
    }

    @cached_property
    def management_form(self):
        if not self.is_bound:
            return forms.BaseFormSet.management_form.func(self)
        form = _RowCounts(self.data, auto_id=self.auto_id, prefix=self.prefix, renderer=self.renderer)
        form.full_clean()
        return form

    def total_form_count(self):
        if self.is_bound and not self.management_form.is_valid():
            # How many rows came is unknown: as many as are saved, plus a new one, each with what was typed.
            return min(len(self.initial or ()) + self.extra, self.absolute_max)
        return super().total_form_count()

    def get_form_kwargs(self, index):
        return dict(super().get_form_kwargs(index), index=index, saved=len(self.initial or ()))

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # saved rows only (can_delete_extra=False)
            form.fields["DELETE"].label = form.delete_label()
            form.fields["DELETE"].widget.attrs.setdefault("class", "ds-input")

    def counts_form(self) -> ManagementForm:
        """The hidden row counts to send with the page: the rows shown now, never what was sent (a count
        that was not a number is not sent back)."""
        valid = not self.is_bound or self.management_form.is_valid()
        initial = self.initial_form_count() if valid else len(self.initial or ())
        return ManagementForm(
            auto_id=self.auto_id,
            prefix=self.prefix,
            initial={
                "TOTAL_FORMS": len(self.forms),
                "INITIAL_FORMS": min(initial, len(self.forms)),
                "MIN_NUM_FORMS": self.min_num,
                "MAX_NUM_FORMS": self.max_num,
            },
            renderer=self.renderer,
        )

    def rows(self) -> list[forms.Form]:
        """The rows to keep, in order: not marked for removal (call after is_valid())."""
        return [form for form in self.forms if not (self.can_delete and self._should_delete_form(form))]


def row_formset(form_class, *, max_rows: int, too_many):
    """A formset class for a section's rows: one empty row for a new one, at most `max_rows` (also the
    hard limit on forms built), a "remove" box on saved rows."""
    formset = forms.formset_factory(
        form_class,
        formset=RowFormSet,
        extra=1,
        max_num=max_rows,
        absolute_max=max_rows,
        validate_max=True,
        can_delete=True,
        can_delete_extra=False,
    )
    formset.default_error_messages = {**RowFormSet.default_error_messages, "too_many_forms": too_many}
    return formset


class RowForm(forms.Form):
    """One row; knows its position (`index`) and whether it holds a saved row."""

    def __init__(self, *args, index: int = 0, saved: int = 0, **kwargs):
        self.index = index
        self.is_new = index >= saved
        super().__init__(*args, **kwargs)

    def delete_label(self) -> str:
        """The label of the "remove" box on a saved row."""
        raise NotImplementedError


# ---------------------------------------------------------------- the section form


class SectionForm(StyledFormMixin, forms.Form):
    """One section's form: its fields come from the section, its repeating rows are formsets in `formsets`
    (name → formset). Valid only if the fields and every formset are."""

    version = AsciiIntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, data=None, *, section: "BaseSection", version: int):
        super().__init__(data, initial={"version": version} | section.initial())
        self.section = section
        section.add_fields(self)
        style_fields(self)
        self.formsets: dict[str, RowFormSet] = section.build_formsets(data)

    def clean(self):
        cleaned = super().clean()
        self.section.validate(self, cleaned)
        return cleaned

    def is_valid(self) -> bool:
        formsets_valid = all([formset.is_valid() for formset in self.formsets.values()])
        return super().is_valid() and formsets_valid

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(
            formset.non_form_errors() or any(formset.errors) for formset in self.formsets.values()
        )


class BaseSection:
    key: str

    def __init__(self, workbook_data: dict[str, dict], defaults: list[Factor] | None = None):
        self.all = workbook_data  # every section's data (some sections look at others)
        self.data = workbook_data.get(self.key, {})
        self.defaults = defaults if defaults is not None else default_factors()

    # Editing
    def build_form(self, data=None, *, version: int) -> SectionForm:
        return SectionForm(data, section=self, version=version)

    def add_fields(self, form) -> None:
        raise NotImplementedError

    def build_formsets(self, data) -> dict[str, RowFormSet]:
        return {}

    def initial(self) -> dict:
        return {}

    def validate(self, form, cleaned) -> None:
        pass

    def to_data(self, form: SectionForm) -> dict:
        """The section's new content from a valid form."""
        raise NotImplementedError

    # Completeness and text
    def missing(self) -> list[str]:
        raise NotImplementedError

    def lines(self) -> list[tuple[str, str | list[str]]]:
        raise NotImplementedError


class SimpleSection(BaseSection):
    """A section of named text fields."""

    fields: list[tuple[str, object, bool]] = []  # (name, label, required for the mark)

    def add_fields(self, form):
        for name, label, _required in self.fields:
            form.fields[name] = _text(label, rows=4)

    def initial(self):
        return {name: self.data.get(name, "") for name, _l, _r in self.fields}

    def to_data(self, form):
        cleaned = form.cleaned_data
        return {name: (cleaned.get(name) or "").strip() for name, _l, _r in self.fields}

    def missing(self):
        return [
            _("Answer: %(question)s") % {"question": label}
            for name, label, required in self.fields
            if required and not (self.data.get(name) or "").strip()
        ]

    def lines(self):
        return [(str(label), self.data[name]) for name, label, _r in self.fields if self.data.get(name)]
