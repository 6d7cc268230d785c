"""The `supporting_members` register: one row is a person who supports Balansekunst."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.core.registers import Register, widgets
from balanse.members.models import SupportingMember
from balanse.members.registers.cells import ERASED, EmailWidget, RegisterResource, require_value


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
        require_value(errors, "name", instance.name, problems)
        require_value(errors, "joined", instance.joined, problems)
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


REGISTER = Register(
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
)
