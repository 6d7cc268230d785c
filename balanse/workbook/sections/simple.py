"""4–6. The sections of plain text fields: consequences, responsibility, the contract clause, conversations."""

from collections.abc import Callable
from datetime import date
from functools import cached_property

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.workbook.models import SectionKey
from balanse.workbook.sections.base import SimpleSection, _line, _text


class ConsequencesSection(SimpleSection):
    key = SectionKey.CONSEQUENCES
    fields = [
        ("warning", gettext_lazy("Which breaches of the rules lead to a warning?"), True),
        ("responsibilities", gettext_lazy("Which incidents lead to losing responsibilities?"), True),
        ("end_collaboration", gettext_lazy("Which behaviour ends a collaboration, and for how long?"), True),
        ("dismissal", gettext_lazy("Which behaviour can lead to dismissal?"), True),
        (
            "police",
            gettext_lazy("How we consider reporting to the police, in agreement with the person affected"),
            True,
        ),
    ]


class ResponsibilitySection(SimpleSection):
    key = SectionKey.RESPONSIBILITY
    fields = [
        ("stand", gettext_lazy("Leadership's written stand against sexual harassment"), True),
        ("signed_by", gettext_lazy("Signed by (name and role)"), False),
    ]

    def add_fields(self, form):
        super().add_fields(form)
        form.fields["signed_by"] = _line(self.fields[1][1])


def clause_from_template(template: str, organisation_name: str, contacts: str) -> str:
    return template.replace("{organisation}", organisation_name).replace(
        "{contacts}", contacts or _("the contact persons named in our routines")
    )


class ContractClauseSection(SimpleSection):
    key = SectionKey.CONTRACT_CLAUSE
    fields = [("text", gettext_lazy("Contract clause"), True)]
    make_generated: Callable[[], str] | None = None  # set by the caller (queries.section_objects)

    @cached_property
    def generated(self) -> str:
        """The clause from the template, offered when nothing is saved. Made only when the form asks for it,
        so pages that show only what is missing (the overview, the plan) do not read the template."""
        return self.make_generated() if self.make_generated else ""

    def add_fields(self, form):
        form.fields["text"] = _text(self.fields[0][1], rows=12, limit=6000)

    def initial(self):
        return {"text": self.data.get("text") or self.generated}

    def missing(self):
        return [] if self.data.get("text") else [_("Save the contract clause (adapt the suggestion first).")]

    def lines(self):
        return [(_("Contract clause"), self.data["text"])] if self.data.get("text") else []


class ConversationsSection(SimpleSection):
    key = SectionKey.CONVERSATIONS
    fields = [
        ("when", gettext_lazy("When we talk about boundaries, rules and routines"), True),
        ("how_often", gettext_lazy("How often"), True),
        ("next_date", gettext_lazy("Next time (date)"), True),
    ]

    def add_fields(self, form):
        form.fields["when"] = _text(
            self.fields[0][1],
            rows=3,
            help_text=_("For example staff meetings, appraisals, the start of each production."),
        )
        form.fields["how_often"] = _line(self.fields[1][1])
        form.fields["next_date"] = forms.DateField(
            label=self.fields[2][1],
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": gettext_lazy("Give a valid date.")},
        )

    def to_data(self, form):
        cleaned = form.cleaned_data
        data = {
            name: (cleaned.get(name) or "").strip() for name, _l, _r in self.fields if name != "next_date"
        }
        data["next_date"] = cleaned["next_date"].isoformat() if cleaned.get("next_date") else ""
        return data

    def lines(self):
        out = super().lines()
        return [
            (label, _format_date(value) if label == str(self.fields[2][1]) else value) for label, value in out
        ]


def _format_date(value: str) -> str:
    try:
        return date_format(date.fromisoformat(value), "j. F Y")
    except ValueError:
        return value
