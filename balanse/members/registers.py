"""The `members`, `fees` and `supporting_members` registers as files (BACK-OFFICE.md "Import formats").

Core's register framework reads the file, previews and confirms; these resources say what a row means: how it
is matched to what is stored, what makes it wrong (in Norwegian, beside the row number), and how it is written
so that export → import changes nothing.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.widgets import Widget

from balanse.core import audit
from balanse.core.registers import Register, widgets
from balanse.members import services
from balanse.members.models import REPORT_FIELD_LABELS, Fee, Member, SupportingMember
from balanse.organisations import services as organisation_services
from balanse.organisations.models import ArtField, ArtFieldCode, Organisation

ERASED = re.compile(r"^\(slettet #(\d+)\)$")


# Cell formats of these registers


class OrgNumberWidget(Widget):
    """An organisation number as people type it; checked (MOD11) as the organisations app checks it."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return services.clean_org_number(str(value if value is not None else ""))
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ArtFieldWidget(Widget):
    """A field by the annual report's label (“Musikk”), the site's name for it in Norwegian or English, or its
    code. Written as the report's label."""

    def __init__(self):
        super().__init__()
        self.names: dict[str, str] = {}
        for code in ArtFieldCode:
            names = [REPORT_FIELD_LABELS[code], code.value, str(code.label)]
            for language in ("nb", "en"):
                with translation.override(language):
                    names.append(str(code.label))
            for name in names:
                self.names[name.lower()] = code.value
        self._fields: dict[str, ArtField] | None = None

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        code = self.names.get(text.lower())
        if code is None:
            raise ValueError(
                _("“%(value)s” is not a field. The fields are: %(fields)s.")
                % {"value": text, "fields": ", ".join(REPORT_FIELD_LABELS.values())}
            )
        if self._fields is None:
            self._fields = {f.code: f for f in ArtField.objects.all()}
        return self._fields[code]

    def render(self, value, obj=None, **kwargs):
        return REPORT_FIELD_LABELS.get(value.code, "") if value else ""


class MemberRefWidget(Widget):
    """A member organisation by its organisation number or its exact name. Written as the number if it has one."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        digits = re.sub(r"[\s.\-]", "", text)
        members = Member.objects.select_related("organisation")
        found = None
        if digits.isdigit() and len(digits) == 9:
            found = members.filter(organisation__org_number=digits).first()
        found = found or members.filter(organisation__name=text).first()
        if found is None:
            raise ValueError(
                _("No member has the organisation number or the name “%(value)s”.") % {"value": text}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.organisation.org_number or value.organisation.name


class PaidWidget(widgets.AmountWidget):
    """Paid in whole kroner; empty means nothing paid (written empty)."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row=row, **kwargs) or 0

    def render(self, value, obj=None, **kwargs):
        return "" if not value else str(int(value))


class EmailWidget(widgets.TextWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row=row, **kwargs).lower()


# What the three resources share


class RegisterResource(resources.ModelResource):
    """Skips a row when it would write what is stored (compared as the file writes it), validates into
    errors keyed by attribute (core shows them by column name), and audits each row it writes."""

    audit_action = ""

    def values(self, instance) -> list:
        return [str(self.export_field(field, instance)) for field in self.get_import_fields()]

    def after_init_instance(self, instance, new, row, **kwargs):
        self._stored = None if new else self.values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._stored is None:
            return False
        return self.values(instance) == self._stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors: dict[str, list] = {k: list(v) for k, v in (import_validation_errors or {}).items()}
        for attribute, message in self.check(instance, errors):
            errors.setdefault(attribute, []).append(message)
        if errors:
            raise ValidationError(errors)

    def check(self, instance, errors) -> list[tuple[str, str]]:
        return []

    def after_save_instance(self, instance, row, **kwargs):
        audit.record(actor=kwargs.get("user"), action=self.audit_action, obj=instance)


def _required(errors, attribute: str, value, problems: list) -> None:
    if attribute not in errors and value in (None, ""):
        problems.append((attribute, _("This column must have a value.")))


# members


class MemberResource(RegisterResource):
    name = fields.Field(attribute="organisation__name", column_name="name", widget=widgets.TextWidget())
    orgnr = fields.Field(attribute="organisation__org_number", column_name="orgnr", widget=OrgNumberWidget())
    field = fields.Field(attribute="field", column_name="field", widget=ArtFieldWidget())
    municipality = fields.Field(
        attribute="organisation__municipality", column_name="municipality", widget=widgets.TextWidget()
    )
    joined = fields.Field(attribute="joined", column_name="joined", widget=widgets.DateWidget())
    left = fields.Field(attribute="left", column_name="left", widget=widgets.DateWidget())

    audit_action = "member.imported"

    class Meta:
        model = Member
        fields = ("name", "orgnr", "field", "municipality", "joined", "left")
        import_order = fields
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def get_or_init_instance(self, instance_loader, row):
        try:
            org_number = OrgNumberWidget().clean(row.get("orgnr"))
        except ValueError:
            org_number = ""
        organisation = services.find_organisation(
            org_number=org_number, name=str(row.get("name") or "").strip()
        )
        if organisation is None:
            return Member(organisation=Organisation()), True
        member = (
            Member.objects.select_related("organisation", "field").filter(organisation=organisation).first()
        )
        return (member, False) if member else (Member(organisation=organisation), True)

    def check(self, instance, errors):
        problems: list[tuple[str, str]] = []
        organisation = instance.organisation
        organisation.name = organisation.name.strip()
        _required(errors, "organisation__name", organisation.name, problems)
        _required(errors, "joined", instance.joined, problems)
        if instance.pk is None:
            _required(errors, "field", instance.field, problems)
        others = Organisation.objects.exclude(pk=organisation.pk)
        if organisation.name and others.filter(name=organisation.name).exists():
            problems.append(
                (
                    "organisation__name",
                    _("Another organisation is already called “%(name)s”.") % {"name": organisation.name},
                )
            )
        if organisation.org_number and others.filter(org_number=organisation.org_number).exists():
            problems.append(
                ("organisation__org_number", _("Another organisation already has this organisation number."))
            )
        if instance.joined and instance.left and instance.left < instance.joined:
            problems.append(("left", _("The membership cannot end before it started.")))
        return problems

    def do_instance_save(self, instance, is_create):
        organisation = instance.organisation
        data = {
            "name": organisation.name,
            "org_number": organisation.org_number,
            "municipality": organisation.municipality,
        }
        user = getattr(self, "_user", None)
        if organisation.pk is None:
            organisation = organisation_services.create_organisation(
                by=user, data={**data, "art_fields": [instance.field] if instance.field else []}
            )
        else:
            organisation_services.update_organisation(organisation=organisation, by=user, data=data)
            if instance.field and not organisation.art_fields.filter(pk=instance.field.pk).exists():
                organisation.art_fields.add(instance.field)
        instance.organisation = organisation
        instance.save()

    def before_save_instance(self, instance, row, **kwargs):
        self._user = kwargs.get("user")

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        services.sync_organisation(organisation=instance.organisation, by=kwargs.get("user"))


def member_rows(year: int | None):
    members = Member.objects.select_related("organisation", "field").order_by("organisation__name")
    return members.of_year(year) if year else members


# fees


class FeeResource(RegisterResource):
    year = fields.Field(attribute="year", column_name="year", widget=widgets.NumberWidget())
    member = fields.Field(attribute="member", column_name="member", widget=MemberRefWidget())
    tier = fields.Field(attribute="tier", column_name="tier", widget=widgets.AmountWidget())
    agreement = fields.Field(attribute="agreement", column_name="agreement", widget=widgets.TextWidget())
    paid = fields.Field(attribute="paid", column_name="paid", widget=PaidWidget())
    paid_on = fields.Field(attribute="paid_on", column_name="paid_on", widget=widgets.DateWidget())

    audit_action = "fee.imported"

    class Meta:
        model = Fee
        fields = ("year", "member", "tier", "agreement", "paid", "paid_on")
        import_order = fields
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def get_or_init_instance(self, instance_loader, row):
        try:
            year = widgets.NumberWidget().clean(row.get("year"))
            member = MemberRefWidget().clean(row.get("member"))
        except ValueError:
            return Fee(), True
        fee = Fee.objects.filter(year=year, member=member).select_related("member__organisation").first()
        return (fee, False) if fee else (Fee(), True)

    def check(self, instance, errors):
        problems: list[tuple[str, str]] = []
        _required(errors, "year", instance.year, problems)
        _required(errors, "member", instance.member_id, problems)
        if instance.year is not None and not 1900 <= instance.year <= 2200:
            problems.append(("year", _("“%(value)s” is not a year.") % {"value": instance.year}))
            return problems
        if problems or errors:
            return problems
        if not instance.member.counts_in(instance.year):
            problems.append(
                (
                    "member",
                    _("%(name)s was not a member in %(year)s.")
                    % {"name": instance.member, "year": instance.year},
                )
            )
        if "tier" not in errors:
            try:
                services.check_tier(instance.year, instance.tier)
            except ValidationError as exc:
                problems += [("tier", message) for message in exc.message_dict["tier"]]
        if "paid" not in errors and instance.paid < 0:
            problems.append(("paid", _("The amount cannot be negative.")))
        if len(instance.agreement) > 1000:
            problems.append(("agreement", _("Write the agreement in at most 1000 characters.")))
        return problems


def fee_rows(year: int | None):
    fees = Fee.objects.select_related("member__organisation").order_by("year", "member__organisation__name")
    return fees.filter(year=year) if year else fees


# supporting_members


class SupportingMemberResource(RegisterResource):
    name = fields.Field(attribute="name", column_name="name", widget=widgets.TextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    joined = fields.Field(attribute="joined", column_name="joined", widget=widgets.DateWidget())
    left = fields.Field(attribute="left", column_name="left", widget=widgets.DateWidget())
    fee = fields.Field(attribute="fee", column_name="fee", widget=widgets.AmountWidget())

    audit_action = "supporting_member.imported"

    class Meta:
        model = SupportingMember
        fields = ("name", "email", "joined", "left", "fee")
        import_order = fields
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def get_or_init_instance(self, instance_loader, row):
        name = str(row.get("name") or "").strip()
        email = str(row.get("email") or "").strip().lower()
        erased = ERASED.match(name)
        found = None
        if erased:
            found = SupportingMember.objects.filter(name=name, erased_at__isnull=False).first()
        elif email:
            found = SupportingMember.objects.filter(email=email).first()
        else:
            try:
                joined = widgets.DateWidget().clean(row.get("joined"))
            except ValueError:
                joined = None
            found = (
                SupportingMember.objects.filter(name=name, joined=joined, email="").first()
                if joined
                else None
            )
        return (found, False) if found else (SupportingMember(), True)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if ERASED.match(instance.name or ""):  # someone who left: nothing personal to keep
            instance.email, instance.erased_at = "", instance.erased_at or timezone.now()

    def check(self, instance, errors):
        problems: list[tuple[str, str]] = []
        _required(errors, "name", instance.name, problems)
        _required(errors, "joined", instance.joined, problems)
        if instance.email and "email" not in errors:
            try:
                validate_email(instance.email)
            except ValidationError:
                problems.append(
                    ("email", _("“%(value)s” is not an e-mail address.") % {"value": instance.email})
                )
            else:
                if SupportingMember.objects.exclude(pk=instance.pk).filter(email=instance.email).exists():
                    problems.append(("email", _("Another supporting member has this e-mail address.")))
        if instance.joined and instance.left and instance.left < instance.joined:
            problems.append(("left", _("The membership cannot end before it started.")))
        if instance.fee is not None and instance.fee < 0:
            problems.append(("fee", _("The amount cannot be negative.")))
        return problems


def supporting_rows(year: int | None):
    members = SupportingMember.objects.confirmed().order_by("joined", "pk")
    return members.of_year(year) if year else members


REGISTERS = [
    Register(
        kind="members",
        label=gettext_lazy("Member organisations"),
        resource=MemberResource,
        permission="members.manage_members",
        required=("name", "field", "joined"),
        aliases={
            "navn": "name",
            "organisasjon": "name",
            "organisasjonsnummer": "orgnr",
            "org.nr.": "orgnr",
            "org.nr": "orgnr",
            "orgnummer": "orgnr",
            "fagfelt": "field",
            "felt": "field",
            "kunstfelt": "field",
            "kommune": "municipality",
            "innmeldt": "joined",
            "meldt inn": "joined",
            "medlem fra": "joined",
            "utmeldt": "left",
            "meldt ut": "left",
            "sluttet": "left",
        },
        queryset=member_rows,
        description=gettext_lazy(
            "one row is an organisation's membership: joined and left, matched on org number, else exact name."
        ),
    ),
    Register(
        kind="fees",
        label=gettext_lazy("Membership fees"),
        resource=FeeResource,
        permission="members.manage_members",
        required=("year", "member"),
        aliases={
            "år": "year",
            "medlem": "member",
            "nivå": "tier",
            "kontingent": "tier",
            "særavtale": "agreement",
            "avtale": "agreement",
            "betalt": "paid",
            "betalt dato": "paid_on",
            "betalt den": "paid_on",
            "betalingsdato": "paid_on",
        },
        queryset=fee_rows,
        description=gettext_lazy("one row is one member's fee for one year, matched on year and member."),
    ),
    Register(
        kind="supporting_members",
        label=gettext_lazy("Supporting members"),
        resource=SupportingMemberResource,
        permission="members.manage_members",
        required=("name", "joined"),
        aliases={
            "navn": "name",
            "e-post": "email",
            "epost": "email",
            "e-postadresse": "email",
            "innmeldt": "joined",
            "meldt inn": "joined",
            "utmeldt": "left",
            "meldt ut": "left",
            "kontingent": "fee",
        },
        queryset=supporting_rows,
        description=gettext_lazy(
            "one row is a person who supports Balansekunst, matched on e-mail, else name and joined."
        ),
    ),
]
