"""The `supporting_members` register: one row is a person who supports Balansekunst."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.core.registers import Register, widgets
from balanse.core.registers.resources import RegisterResource, cell, of_year, text_cell
from balanse.members.models import SupportingMember
from balanse.members.registers.cells import ERASED, EmailWidget


class SupportingMemberResource(RegisterResource):
    name = fields.Field(attribute="name", column_name="name", widget=widgets.TextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    joined = fields.Field(attribute="joined", column_name="joined", widget=widgets.DateWidget())
    left = fields.Field(attribute="left", column_name="left", widget=widgets.DateWidget())
    fee = fields.Field(attribute="fee", column_name="fee", widget=widgets.AmountWidget())

    audit_action = "supporting_member.imported"
    required = ("name", "joined")

    class Meta:
        model = SupportingMember
        fields = ("name", "email", "joined", "left", "fee")

    def find(self, row):
        name = text_cell(row, "name")
        email = text_cell(row, "email").lower()
        if ERASED.match(name):
            return SupportingMember.objects.filter(name=name, erased_at__isnull=False).first()
        if email:
            return SupportingMember.objects.filter(email=email).first()
        joined = cell(widgets.DateWidget(), row, "joined")
        return SupportingMember.objects.filter(name=name, joined=joined, email="").first() if joined else None

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if ERASED.match(instance.name or ""):  # someone who left: nothing personal to keep
            instance.email, instance.erased_at = "", instance.erased_at or timezone.now()

    def check(self, instance, errors):
        problems: list[tuple[str, str]] = []
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
    return of_year(members, year)


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
