"""The `members` register: one row is an organisation's membership."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.core.registers import Register, widgets
from balanse.core.registers.resources import RegisterResource, of_year, require_value, text_cell
from balanse.members import services
from balanse.members.models import Member
from balanse.members.registers.cells import ArtFieldWidget, OrgNumberWidget
from balanse.organisations import services as organisation_services
from balanse.organisations.models import Organisation


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

    def get_or_init_instance(self, instance_loader, row):
        try:
            org_number = OrgNumberWidget().clean(row.get("orgnr"))
        except ValueError:
            org_number = ""
        organisation = services.find_organisation(org_number=org_number, name=text_cell(row, "name"))
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
        require_value(errors, "organisation__name", organisation.name, problems)
        require_value(errors, "joined", instance.joined, problems)
        if instance.pk is None:
            require_value(errors, "field", instance.field, problems)
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
    return of_year(members, year)


REGISTER = Register(
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
)
