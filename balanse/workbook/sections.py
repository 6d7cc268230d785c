"""What each section holds, how it is edited, what it still lacks for the mark, and how it reads as text.

Section content is JSON. Each section class turns its JSON into a form's fields and back, lists what is
missing, and renders itself as (label, value) pairs for the plan, the PDF, the Word document and diffs."""

import secrets
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.core.forms_rendering import StyledFormMixin
from balanse.workbook.models import RiskFactor, SectionKey

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


@dataclass
class Factor:
    key: str
    title: str
    text: str = ""
    own: bool = False


def default_factors() -> list[Factor]:
    return [Factor(f.slug, f.title, f.text) for f in RiskFactor.objects.filter(active=True)]


def factors_for(data_risk: dict, defaults: list[Factor] | None = None) -> list[Factor]:
    """The default factors in use, then the organisation's own factors from the risk mapping."""
    factors = list(defaults if defaults is not None else default_factors())
    for own in data_risk.get("own", []):
        factors.append(Factor(own["key"], own.get("title", ""), "", own=True))
    return factors


class SectionForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class BaseSection:
    key: str

    def __init__(self, workbook_data: dict[str, dict], defaults: list[Factor] | None = None):
        self.all = workbook_data  # every section's data (some sections look at others)
        self.data = workbook_data.get(self.key, {})
        self.defaults = defaults if defaults is not None else default_factors()

    # Editing
    def build_form(self, *args, version: int, **kwargs) -> SectionForm:
        form = SectionForm(*args, initial={"version": version} | self.initial(), **kwargs)
        self.add_fields(form)
        form.section = self
        # Apply Designsystemet classes to the fields added after the mixin ran.
        for field in form.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "ds-input")
            # The limit is checked on the server with a clear message; a browser maxlength would cut
            # pasted text off silently.
            field.widget.attrs.pop("maxlength", None)
        original_clean = form.clean

        def clean():
            cleaned = original_clean()
            self.validate(form, cleaned)
            return cleaned

        form.clean = clean
        return form

    def add_fields(self, form) -> None:
        raise NotImplementedError

    def initial(self) -> dict:
        return {}

    def validate(self, form, cleaned) -> None:
        pass

    def to_data(self, cleaned: dict) -> dict:
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

    def to_data(self, cleaned):
        return {name: (cleaned.get(name) or "").strip() for name, _l, _r in self.fields}

    def missing(self):
        return [
            _("Answer: %(question)s") % {"question": label}
            for name, label, required in self.fields
            if required and not (self.data.get(name) or "").strip()
        ]

    def lines(self):
        return [(str(label), self.data[name]) for name, label, _r in self.fields if self.data.get(name)]


class RiskMappingSection(BaseSection):
    key = SectionKey.RISK_MAPPING

    def factors(self) -> list[Factor]:
        return factors_for(self.data, self.defaults)

    def add_fields(self, form):
        answers = self.data.get("factors", {})
        form.factor_groups = []
        for factor in self.factors():
            prefix = f"f_{factor.key}"
            names = []
            if factor.own:
                form.fields[f"{prefix}_title"] = _line(_("Name of the risk factor"))
                names.append(f"{prefix}_title")
            form.fields[f"{prefix}_applies"] = forms.ChoiceField(
                label=_("Does this apply to us?"),
                choices=APPLIES,
                required=False,
                widget=forms.RadioSelect,
            )
            form.fields[f"{prefix}_shows"] = _text(_("How it shows here"), rows=2)
            form.fields[f"{prefix}_rules"] = _text(_("Rules that reduce the risk"), rows=2)
            form.fields[f"{prefix}_routines"] = _text(_("Routines that limit the harm if it happens"), rows=2)
            names += [f"{prefix}_{n}" for n in ("applies", "shows", "rules", "routines")]
            answer = answers.get(factor.key, {})
            for name in ("applies", "shows", "rules", "routines"):
                form.initial.setdefault(f"{prefix}_{name}", answer.get(name, ""))
            if factor.own:
                form.initial.setdefault(f"{prefix}_title", factor.title)
            form.factor_groups.append({"factor": factor, "names": names})
        form.fields["new_title"] = _line(_("Add a risk factor of your own"))
        form.fields["new_title"].help_text = _("Give it a name; you describe it after saving.")

    def to_data(self, cleaned):
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


class RulesSection(BaseSection):
    key = SectionKey.RULES
    blank_rows = 1

    def factors(self):
        return factors_for(self.all.get(SectionKey.RISK_MAPPING, {}), self.defaults)

    def rules(self) -> list[dict]:
        return self.data.get("rules", [])

    def add_fields(self, form):
        choices = [(f.key, f.title) for f in self.factors()]
        form.rule_rows = []
        rules = self.rules()
        count = len(rules) + self.blank_rows
        if form.is_bound:
            # Keep every row the person sent (including new rows) on a re-displayed form.
            count = max(count, int(form.data.get("rule_count") or 0))
        form.fields["discussion"] = _text(_("What we agreed when we discussed the questions"), rows=4)
        form.initial.setdefault("discussion", self.data.get("discussion", ""))
        form.fields["rule_count"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        form.initial["rule_count"] = count
        for i in range(count):
            rule = rules[i] if i < len(rules) else {}
            new = i >= len(rules)
            form.fields[f"rule_{i}_text"] = _text(
                _("New rule") if new else _("Rule %(number)s") % {"number": i + 1},
                rows=2,
                limit=RULE_LIMIT,
                help_text=_("At most %(limit)s characters. Empty the text to remove the rule.")
                % {"limit": RULE_LIMIT}
                if not new
                else _("At most %(limit)s characters.") % {"limit": RULE_LIMIT},
            )
            form.fields[f"rule_{i}_factors"] = forms.MultipleChoiceField(
                label=_("Risk factors this rule answers"),
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            form.initial.setdefault(f"rule_{i}_text", rule.get("text", ""))
            form.initial.setdefault(f"rule_{i}_factors", rule.get("factors", []))
            form.rule_rows.append((f"rule_{i}_text", f"rule_{i}_factors"))

    def to_data(self, cleaned):
        rules = []
        i = 0
        while f"rule_{i}_text" in cleaned:
            text = (cleaned.get(f"rule_{i}_text") or "").strip()
            if text:
                rules.append({"text": text, "factors": list(cleaned.get(f"rule_{i}_factors") or [])})
            i += 1
        return {"discussion": (cleaned.get("discussion") or "").strip(), "rules": rules}

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


class RoutinesSection(BaseSection):
    key = SectionKey.ROUTINES
    blank_rows = 1
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
        contacts = self.contacts()
        count = len(contacts) + self.blank_rows
        if form.is_bound:
            count = max(count, int(form.data.get("contact_count") or 0))
        form.fields["contact_count"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        form.initial["contact_count"] = count
        form.contact_rows = []
        for i in range(count):
            contact = contacts[i] if i < len(contacts) else {}
            names = []
            for name, label in (
                ("name", _("Name")),
                ("role", _("Role (for example safety representative)")),
                ("reach", _("How to reach them (phone, e-mail)")),
            ):
                form.fields[f"contact_{i}_{name}"] = _line(label)
                form.initial.setdefault(f"contact_{i}_{name}", contact.get(name, ""))
                names.append(f"contact_{i}_{name}")
            form.contact_rows.append(names)
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

    def validate(self, form, cleaned):
        i = 0
        while f"contact_{i}_name" in form.fields:
            name = (cleaned.get(f"contact_{i}_name") or "").strip()
            other = (cleaned.get(f"contact_{i}_role") or "") + (cleaned.get(f"contact_{i}_reach") or "")
            if other.strip() and not name:
                form.add_error(f"contact_{i}_name", _("Give the contact person's name."))
            i += 1

    def to_data(self, cleaned):
        contacts = []
        i = 0
        while f"contact_{i}_name" in cleaned:
            contact = {n: (cleaned.get(f"contact_{i}_{n}") or "").strip() for n in ("name", "role", "reach")}
            if contact["name"]:
                contacts.append(contact)
            i += 1
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
    generated = ""  # set by the caller: the clause from the template, offered when nothing is saved

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

    def to_data(self, cleaned):
        data = super().to_data({k: v for k, v in cleaned.items() if k != "next_date"})
        data["next_date"] = cleaned["next_date"].isoformat() if cleaned.get("next_date") else ""
        return data

    def lines(self):
        out = super().lines()
        return [
            (label, _format_date(value) if label == str(self.fields[2][1]) else value) for label, value in out
        ]


def _format_date(value: str) -> str:
    from datetime import date

    from django.utils.formats import date_format

    try:
        return date_format(date.fromisoformat(value), "j. F Y")
    except ValueError:
        return value


SECTION_CLASSES: dict[str, type[BaseSection]] = {
    SectionKey.RISK_MAPPING: RiskMappingSection,
    SectionKey.RULES: RulesSection,
    SectionKey.ROUTINES: RoutinesSection,
    SectionKey.CONSEQUENCES: ConsequencesSection,
    SectionKey.RESPONSIBILITY: ResponsibilitySection,
    SectionKey.CONTRACT_CLAUSE: ContractClauseSection,
    SectionKey.CONVERSATIONS: ConversationsSection,
}
ORDER = list(SECTION_CLASSES)
NUMBERS = {
    SectionKey.RISK_MAPPING: "1",
    SectionKey.RULES: "2",
    SectionKey.ROUTINES: "3",
    SectionKey.CONSEQUENCES: "4",
    SectionKey.RESPONSIBILITY: "5",
    SectionKey.CONTRACT_CLAUSE: "5b",
    SectionKey.CONVERSATIONS: "6",
}
