"""The `activities` register as a file (BACK-OFFICE.md "Import formats"): date, title, type, place, digital,
participants, streaming_audience, organisers (names separated by |; a name that matches a member links it),
public. Matched on date + title."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.widgets import Widget

from balanse.activities import services
from balanse.activities.models import Activity, ActivityType
from balanse.core import audit
from balanse.core.registers import Register, widgets


class TypeWidget(Widget):
    """An activity type by its name in files (`workshop`) or its label, case not mattering."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        for activity_type in ActivityType.objects.all():
            if text.lower() in (activity_type.name.lower(), activity_type.label.lower()):
                return activity_type
        names = ", ".join(ActivityType.objects.values_list("name", flat=True))
        raise ValueError(
            _("“%(value)s” is not an activity type. The types are: %(types)s.")
            % {"value": text, "types": names}
        )

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class OrganisersWidget(widgets.TextWidget):
    def clean(self, value, row=None, **kwargs):
        return services.join_names(services.split_names(super().clean(value, row=row, **kwargs)))


class ActivityResource(resources.ModelResource):
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget())
    title = fields.Field(attribute="title", column_name="title", widget=widgets.TextWidget())
    type = fields.Field(attribute="type", column_name="type", widget=TypeWidget())
    place = fields.Field(attribute="place", column_name="place", widget=widgets.TextWidget())
    digital = fields.Field(attribute="digital", column_name="digital", widget=widgets.BooleanWidget())
    participants = fields.Field(
        attribute="participants", column_name="participants", widget=widgets.NumberWidget()
    )
    streaming_audience = fields.Field(
        attribute="streaming_audience", column_name="streaming_audience", widget=widgets.NumberWidget()
    )
    organisers = fields.Field(
        attribute="organiser_names", column_name="organisers", widget=OrganisersWidget()
    )
    public = fields.Field(attribute="public", column_name="public", widget=widgets.BooleanWidget())

    class Meta:
        model = Activity
        fields = (
            "date",
            "title",
            "type",
            "place",
            "digital",
            "participants",
            "streaming_audience",
            "organisers",
            "public",
        )
        import_order = fields
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def values(self, instance) -> list:
        return [str(self.export_field(field, instance)) for field in self.get_import_fields()]

    def get_or_init_instance(self, instance_loader, row):
        try:
            when = widgets.DateWidget().clean(row.get("date"))
        except ValueError:
            when = None
        title = str(row.get("title") or "").strip()
        found = (
            Activity.objects.select_related("type").filter(date=when, title=title).first() if when else None
        )
        return (found, False) if found else (Activity(), True)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._stored = None if new else self.values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._stored is None:
            return False
        return self.values(instance) == self._stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors: dict[str, list] = {k: list(v) for k, v in (import_validation_errors or {}).items()}
        for attribute in ("date", "title", "type"):
            if attribute not in errors and getattr(
                instance, attribute if attribute != "type" else "type_id"
            ) in (None, ""):
                errors.setdefault(attribute, []).append(_("This column must have a value."))
        if len(instance.title or "") > 200:
            errors.setdefault("title", []).append(_("Write the title in at most 200 characters."))
        if len(instance.place or "") > 200:
            errors.setdefault("place", []).append(_("Write the place in at most 200 characters."))
        if len(instance.organiser_names or "") > 1000:
            errors.setdefault("organiser_names", []).append(_("The organisers take at most 1000 characters."))
        for attribute in ("participants", "streaming_audience"):
            value = getattr(instance, attribute)
            if attribute not in errors and value is not None and value < 0:
                errors.setdefault(attribute, []).append(_("The number cannot be negative."))
        if instance.date and not 1900 <= instance.date.year <= 2200 and "date" not in errors:
            errors.setdefault("date", []).append(_("The date is not in a year the register keeps."))
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.streaming_audience:
            instance.streamed = True
        if not instance.public:
            instance.registration = False

    def after_save_instance(self, instance, row, **kwargs):
        services.link_organisers(instance)
        services.absorb_linked(instance)
        audit.record(actor=kwargs.get("user"), action="activity.imported", obj=instance)


def activity_rows(year: int | None):
    activities = Activity.objects.select_related("type").order_by("date", "title", "pk")
    return activities.of_year(year) if year else activities


REGISTERS = [
    Register(
        kind="activities",
        label=gettext_lazy("Activities"),
        resource=ActivityResource,
        permission="activities.manage_activities",
        required=("date", "title", "type"),
        aliases={
            "dato": "date",
            "tittel": "title",
            "navn": "title",
            "type": "type",
            "sted": "place",
            "digitalt": "digital",
            "digital": "digital",
            "deltakere": "participants",
            "publikum": "participants",
            "strømming": "streaming_audience",
            "strømmepublikum": "streaming_audience",
            "arrangører": "organisers",
            "arrangør": "organisers",
            "arrangør/samarbeidspartner": "organisers",
            "samarbeidspartnere": "organisers",
            "åpent": "public",
            "offentlig": "public",
        },
        queryset=activity_rows,
        description=gettext_lazy("one row is an activity held on a date, matched on date and title."),
    ),
]
