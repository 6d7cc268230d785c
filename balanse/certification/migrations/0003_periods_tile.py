"""Periods end the day before the anniversary, so a renewal starts on the anniversary.

Until now a period ran to the same date a year later and the renewal started the day after, so each
renewal moved the anniversary by a day. This sets every period's end to the day before its anniversary and
moves a renewal that followed its predecessor directly (started the day after the old end) back to the
anniversary; a renewal after a gap keeps its start. The certification's copy of the latest period follows.
"""

from datetime import date, timedelta

from django.db import migrations


def _anniversary(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 3, 1)


def _old_end(valid_from: date) -> date:
    try:
        return valid_from.replace(year=valid_from.year + 1)
    except ValueError:
        return valid_from.replace(year=valid_from.year + 1, day=28)


def tile_periods(apps, schema_editor):
    Certification = apps.get_model("certification", "Certification")
    Period = apps.get_model("certification", "Period")
    previous_cert, previous_old_end, previous_new_end = None, None, None
    changed_certs = set()
    for period in Period.objects.order_by("certification_id", "valid_from", "pk"):
        old_from, old_until = period.valid_from, period.valid_until
        follows = (
            period.certification_id == previous_cert
            and previous_old_end is not None
            and old_from == previous_old_end + timedelta(days=1)
        )
        new_from = previous_new_end + timedelta(days=1) if follows else old_from
        # Only periods made by the old rule are changed; one with another end was set by hand.
        new_until = (
            _anniversary(new_from) - timedelta(days=1) if old_until == _old_end(old_from) else old_until
        )
        if (new_from, new_until) != (old_from, old_until):
            Period.objects.filter(pk=period.pk).update(valid_from=new_from, valid_until=new_until)
            changed_certs.add(period.certification_id)
        previous_cert, previous_old_end, previous_new_end = period.certification_id, old_until, new_until
    for cert in Certification.objects.filter(pk__in=changed_certs):
        latest = Period.objects.filter(certification=cert).order_by("-valid_from", "-pk").first()
        Certification.objects.filter(pk=cert.pk).update(
            valid_from=latest.valid_from, valid_until=latest.valid_until
        )


class Migration(migrations.Migration):
    dependencies = [("certification", "0002_credential_keys_and_status_index")]

    operations = [migrations.RunPython(tile_periods, migrations.RunPython.noop)]
