"""Scheduled daily: remind, count the registrations of activities that are over as their participants, and
delete registrations a set time after the activity (ACTIVITY_REGISTRATION_DAYS). Running it twice changes
nothing the second time."""

from django.core.management.base import BaseCommand

from balanse.activities import services


class Command(BaseCommand):
    help = "Send reminders, count participants and delete old registrations of calendar activities."

    def handle(self, *args, **options):
        reminded = services.send_reminders()
        counted = services.count_registrations_as_participants()
        deleted = services.delete_expired_registrations()
        self.stdout.write(f"reminded={reminded} counted={counted} deleted={deleted}")
