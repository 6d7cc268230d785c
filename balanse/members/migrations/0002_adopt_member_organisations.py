"""Organisations already marked as members get a membership, so the member register starts consistent.

Joined: 1 January of the organisation's `member_since` year, else of the year it was added to the register.
Its field in the member list: its first art field. The organisation's flags are left as they are.
"""

from datetime import date

from django.db import migrations


def adopt(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Member = apps.get_model("members", "Member")
    for organisation in Organisation.objects.filter(is_member=True, member__isnull=True):
        year = organisation.member_since or organisation.created.year
        field = organisation.art_fields.order_by("position", "code").first()
        Member.objects.create(organisation=organisation, joined=date(year, 1, 1), field=field)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(adopt, migrations.RunPython.noop)]
