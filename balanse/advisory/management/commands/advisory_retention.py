"""Delete the advisory line's notes older than ADVISORY_NOTES_RETENTION_MONTHS (default 24); the inquiries and
their counts stay. Idempotent: run it daily (cron or a systemd timer); a second run deletes nothing."""

from django.core.management.base import BaseCommand

from balanse.advisory import services


class Command(BaseCommand):
    help = "Delete the advisory line's notes past the retention period (the counts stay)."

    def handle(self, *args, **options):
        count = services.delete_expired_notes()
        cutoff = services.retention_cutoff()
        self.stdout.write(f"Deleted the notes of {count} inquiries dated before {cutoff.isoformat()}.")
