"""1. Risk mapping: which risk factors apply to us, and the organisation's own factors."""

import secrets

from django import forms
from django.utils.translation import gettext as _

from balanse.workbook.models import SectionKey
from balanse.workbook.sections.base import APPLIES, BaseSection, Factor, _line, _text, factors_for


class RiskMappingSection(BaseSection):
    key = SectionKey.RISK_MAPPING

    def factors(self) -> list[Factor]:
        return factors_for(self.data, self.defaults)

    def add_fields(self, form):
        # One group of fields per factor: the default factors and the organisation's own, as saved (never a
        # count from the request). Every factor's group shares the same four field objects (and each own
        # factor the same name field): a Field keeps nothing of the name it is under, so making and labelling
        # them once instead of once per factor gives the same form.
        answers = self.data.get("factors", {})
        fields = {
            "applies": forms.ChoiceField(
                label=_("Does this apply to us?"),
                choices=APPLIES,
                required=False,
                widget=forms.RadioSelect,
            ),
            "shows": _text(_("How it shows here"), rows=2),
            "rules": _text(_("Rules that reduce the risk"), rows=2),
            "routines": _text(_("Routines that limit the harm if it happens"), rows=2),
        }
        title_field = None
        form.factor_groups = []
        for factor in self.factors():
            prefix = f"f_{factor.key}"
            names = []
            if factor.own:
                title_field = title_field or _line(_("Name of the risk factor"))
                form.fields[f"{prefix}_title"] = title_field
                names.append(f"{prefix}_title")
            answer = answers.get(factor.key, {})
            for name, field in fields.items():
                form.fields[f"{prefix}_{name}"] = field
                names.append(f"{prefix}_{name}")
                form.initial.setdefault(f"{prefix}_{name}", answer.get(name, ""))
            if factor.own:
                form.initial.setdefault(f"{prefix}_title", factor.title)
            form.factor_groups.append({"factor": factor, "names": names})
        form.fields["new_title"] = _line(_("Add a risk factor of your own"))
        form.fields["new_title"].help_text = _("Give it a name; you describe it after saving.")

    def to_data(self, form):
        cleaned = form.cleaned_data
        data = {"factors": {}, "own": []}
        for factor in self.factors():
            prefix = f"f_{factor.key}"
            if factor.own:
                title = (cleaned.get(f"{prefix}_title") or "").strip()
                if not title:
                    continue  # emptied: the own factor is removed
                data["own"].append({"key": factor.key, "title": title})
            answer = {
                n: (cleaned.get(f"{prefix}_{n}") or "").strip()
                for n in ("applies", "shows", "rules", "routines")
            }
            if any(answer.values()):
                data["factors"][factor.key] = answer
        title = (cleaned.get("new_title") or "").strip()
        if title:
            data["own"].append({"key": f"own-{secrets.token_hex(4)}", "title": title})
        return data

    def applying(self) -> list[Factor]:
        answers = self.data.get("factors", {})
        return [f for f in self.factors() if answers.get(f.key, {}).get("applies") in ("yes", "partly")]

    def missing(self):
        answers = self.data.get("factors", {})
        missing = []
        for factor in self.factors():
            answer = answers.get(factor.key, {})
            if not answer.get("applies"):
                missing.append(_("Say whether “%(factor)s” applies to you.") % {"factor": factor.title})
            elif answer["applies"] in ("yes", "partly") and not answer.get("shows"):
                missing.append(
                    _("Describe how “%(factor)s” shows in your organisation.") % {"factor": factor.title}
                )
        return missing

    def lines(self):
        answers = self.data.get("factors", {})
        labels = dict(APPLIES)
        out = []
        for factor in self.factors():
            answer = answers.get(factor.key, {})
            if not answer:
                continue
            parts = [_("Applies: %(answer)s") % {"answer": labels.get(answer.get("applies"), "–")}]
            for name, label in (
                ("shows", _("How it shows")),
                ("rules", _("Rules")),
                ("routines", _("Routines")),
            ):
                if answer.get(name):
                    parts.append(f"{label}: {answer[name]}")
            out.append((factor.title, parts))
        return out
