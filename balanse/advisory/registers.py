"""The `advisory` register as a file (BACK-OFFICE.md): date, channel, topic, role, ref. Matched on ref; a row
without ref is a new inquiry every time (the preview counts it as new). Notes are never imported or exported."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.advisory.models import CallerRole, Channel, Inquiry, Topic
from balanse.core.registers import Register, widgets
from balanse.core.registers.resources import RegisterResource, of_year, text_cell


def _names(choices) -> dict[str, list[str]]:
    return {value: [value] for value, _label in choices}


class InquiryResource(RegisterResource):
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget())
    channel = fields.Field(
        attribute="channel",
        column_name="channel",
        widget=widgets.ChoiceWidget({**_names(Channel.choices), "e-post": ["e-post", "epost", "email"]}),
    )
    topic = fields.Field(
        attribute="topic", column_name="topic", widget=widgets.ChoiceWidget(_names(Topic.choices))
    )
    role = fields.Field(
        attribute="caller_role",
        column_name="role",
        widget=widgets.ChoiceWidget(_names(CallerRole.choices), allow_empty=True),
    )
    ref = fields.Field(attribute="ref", column_name="ref", widget=widgets.TextWidget())

    audit_action = "advisory.imported"
    required = ("date", "channel", "topic")

    class Meta:
        model = Inquiry
        fields = ("date", "channel", "topic", "role", "ref")

    def find(self, row):
        ref = text_cell(row, "ref")
        return Inquiry.objects.filter(ref=ref).first() if ref else None

    def check(self, instance, errors):
        if len(instance.ref or "") > 40:
            return [("ref", _("Write the case number in at most 40 characters."))]
        return []


def inquiry_rows(year: int | None):
    return of_year(Inquiry.objects.order_by("date", "pk"), year, "date__year")


REGISTERS = [
    Register(
        kind="advisory",
        label=gettext_lazy("The advisory line (inquiries)"),
        resource=InquiryResource,
        permission="advisory.log_inquiry",
        required=("date", "channel", "topic"),
        aliases={
            "dato": "date",
            "kanal": "channel",
            "tema": "topic",
            "rolle": "role",
            "hvem": "role",
            "saksnummer": "ref",
            "referanse": "ref",
        },
        queryset=inquiry_rows,
        description=gettext_lazy(
            "one row is an inquiry to the advisory line, matched on its case number; a row without one is new "
            "every time. Notes are never in the file."
        ),
    )
]
