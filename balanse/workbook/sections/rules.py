"""2. Rules: what we agreed, and each rule with the risk factors it answers (repeating rows, a formset)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.workbook.models import SectionKey
from balanse.workbook.sections.base import (
    RULE_LIMIT,
    BaseSection,
    Factor,
    RowForm,
    _text,
    factors_for,
    row_formset,
    style_fields,
)
from balanse.workbook.sections.risk_mapping import RiskMappingSection

RULES_MAX = 100


class RuleForm(RowForm):
    def __init__(self, *args, factor_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        number = self.index + 1
        self.fields["text"] = _text(
            _("New rule") if self.is_new else _("Rule %(number)s") % {"number": number},
            rows=2,
            limit=RULE_LIMIT,
            help_text=_("At most %(limit)s characters.") % {"limit": RULE_LIMIT}
            if self.is_new
            else _("At most %(limit)s characters. Empty the text to remove the rule.")
            % {"limit": RULE_LIMIT},
        )
        self.fields["factors"] = forms.MultipleChoiceField(
            label=_("Risk factors this rule answers"),
            choices=factor_choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        style_fields(self)

    def delete_label(self):
        return _("Remove rule %(number)s") % {"number": self.index + 1}


RuleFormSet = row_formset(
    RuleForm,
    max_rows=RULES_MAX,
    too_many=gettext_lazy("You can have at most %(num)d rules. Nothing was saved."),
)


class RulesSection(BaseSection):
    key = SectionKey.RULES

    def factors(self):
        return factors_for(self.all.get(SectionKey.RISK_MAPPING, {}), self.defaults)

    def rules(self) -> list[dict]:
        return self.data.get("rules", [])

    def add_fields(self, form):
        form.fields["discussion"] = _text(_("What we agreed when we discussed the questions"), rows=4)
        form.initial.setdefault("discussion", self.data.get("discussion", ""))

    def build_formsets(self, data):
        initial = [{"text": r.get("text", ""), "factors": r.get("factors", [])} for r in self.rules()]
        choices = [(f.key, f.title) for f in self.factors()]
        return {
            "rules": RuleFormSet(
                data, prefix="rule", initial=initial, form_kwargs={"factor_choices": choices}
            )
        }

    def to_data(self, form):
        rules = []
        for row in form.formsets["rules"].rows():
            text = (row.cleaned_data.get("text") or "").strip()
            if text:
                rules.append({"text": text, "factors": list(row.cleaned_data.get("factors") or [])})
        return {"discussion": (form.cleaned_data.get("discussion") or "").strip(), "rules": rules}

    def unanswered(self) -> list[Factor]:
        answered = {key for rule in self.rules() for key in rule.get("factors", [])}
        mapping = RiskMappingSection(self.all, self.defaults)
        return [f for f in mapping.applying() if f.key not in answered]

    def missing(self):
        missing = []
        if not self.rules():
            missing.append(_("Write at least one rule."))
        missing += [
            _("No rule answers the risk factor “%(factor)s” yet.") % {"factor": f.title}
            for f in self.unanswered()
        ]
        return missing

    def lines(self):
        titles = {f.key: f.title for f in self.factors()}
        out = []
        if self.rules():
            out.append((_("Our rules"), [r["text"] for r in self.rules()]))
        if self.data.get("discussion"):
            out.append((_("From our discussion"), self.data["discussion"]))
        linked = [
            f"{r['text'][:80]} → {', '.join(titles.get(k, k) for k in r.get('factors', []))}"
            for r in self.rules()
            if r.get("factors")
        ]
        if linked:
            out.append((_("Risk factors the rules answer"), linked))
        return out

    def plan_lines(self):
        return [(_("Our rules"), [r["text"] for r in self.rules()])] if self.rules() else []
