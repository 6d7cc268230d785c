"""3. Routines: contact persons (repeating rows, a formset), how to report, how cases are handled."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.workbook.models import SectionKey
from balanse.workbook.sections.base import (
    YES_NO,
    BaseSection,
    RowForm,
    _line,
    _text,
    row_formset,
    style_fields,
)

CONTACTS_MAX = 30
CONTACT_FIELDS = ("name", "role", "reach")


class ContactForm(RowForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"] = _line(_("Name"))
        self.fields["role"] = _line(_("Role (for example safety representative)"))
        self.fields["reach"] = _line(_("How to reach them (phone, e-mail)"))
        style_fields(self)

    def delete_label(self):
        return _("Remove contact person %(number)s") % {"number": self.index + 1}

    def clean(self):
        cleaned = super().clean()
        other = (cleaned.get("role") or "") + (cleaned.get("reach") or "")
        if other.strip() and not (cleaned.get("name") or "").strip() and not cleaned.get("DELETE"):
            self.add_error("name", _("Give the contact person's name."))
        return cleaned


ContactFormSet = row_formset(
    ContactForm,
    max_rows=CONTACTS_MAX,
    too_many=gettext_lazy("You can name at most %(num)d contact persons. Nothing was saved."),
)


class RoutinesSection(BaseSection):
    key = SectionKey.ROUTINES
    texts = [
        ("report_to", gettext_lazy("How to report, and to whom")),
        ("top_leader", gettext_lazy("How to report when it concerns the top leader")),
        ("anonymous_how", gettext_lazy("How anonymous reports are handled")),
        ("handling", gettext_lazy("How a case is handled, step by step")),
        (
            "made_known",
            gettext_lazy("How the routines are made known (meetings, contracts, production plans)"),
        ),
    ]

    def contacts(self) -> list[dict]:
        return self.data.get("contacts", [])

    def add_fields(self, form):
        for name, label in self.texts[:2]:
            form.fields[name] = _text(label, rows=3)
        form.fields["anonymous"] = forms.ChoiceField(
            label=_("Do you accept anonymous reports?"),
            choices=YES_NO,
            required=False,
            widget=forms.RadioSelect,
        )
        for name, label in self.texts[2:]:
            form.fields[name] = _text(label, rows=4 if name == "handling" else 3)
        for name in ["anonymous", *(n for n, _l in self.texts)]:
            form.initial.setdefault(name, self.data.get(name, ""))

    def build_formsets(self, data):
        initial = [{n: c.get(n, "") for n in CONTACT_FIELDS} for c in self.contacts()]
        return {"contacts": ContactFormSet(data, prefix="contact", initial=initial)}

    def to_data(self, form):
        contacts = []
        for row in form.formsets["contacts"].rows():
            contact = {n: (row.cleaned_data.get(n) or "").strip() for n in CONTACT_FIELDS}
            if contact["name"]:
                contacts.append(contact)
        cleaned = form.cleaned_data
        data = {"contacts": contacts, "anonymous": cleaned.get("anonymous") or ""}
        data |= {name: (cleaned.get(name) or "").strip() for name, _l in self.texts}
        return data

    def contact_text(self) -> str:
        return "; ".join(
            ", ".join(part for part in (c["name"], c.get("role", ""), c.get("reach", "")) if part)
            for c in self.contacts()
        )

    def missing(self):
        missing = []
        if not any(c.get("name") and c.get("reach") for c in self.contacts()):
            missing.append(_("Name at least one contact person and how to reach them."))
        for name, label in self.texts:
            if name == "anonymous_how":
                continue
            if not self.data.get(name):
                missing.append(_("Answer: %(question)s") % {"question": label})
        if not self.data.get("anonymous"):
            missing.append(_("Say whether you accept anonymous reports."))
        return missing

    def lines(self):
        out = []
        if self.contacts():
            out.append(
                (
                    _("Contact persons"),
                    [
                        " – ".join(p for p in (c["name"], c.get("role"), c.get("reach")) if p)
                        for c in self.contacts()
                    ],
                )
            )
        for name, label in self.texts[:2]:
            if self.data.get(name):
                out.append((str(label), self.data[name]))
        if self.data.get("anonymous"):
            answer = (
                _("Yes, we accept anonymous reports.")
                if self.data["anonymous"] == "yes"
                else _("No, we do not accept anonymous reports.")
            )
            out.append(
                (
                    _("Anonymous reports"),
                    answer + (" " + self.data["anonymous_how"] if self.data.get("anonymous_how") else ""),
                )
            )
        for name, label in self.texts[3:]:
            if self.data.get(name):
                out.append((str(label), self.data[name]))
        return out
