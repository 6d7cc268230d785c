"""Run daily (cron or systemd timer): expire marks whose period has ended, then send due reminders.

Idempotent: running it twice on the same day expires nothing new and sends nothing twice."""

from datetime import date

from django.core.management.base import BaseCommand

from balanse.certification import services


class Command(BaseCommand):
    help = "Expire ended marks and send expiry reminders (60 and 14 days before, and on the day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, help="Run as if today were this date (YYYY-MM-DD)."
        )

    def handle(self, *args, **options):
        today = options.get("date")
        expired = services.expire_due(today)
        reminders = services.send_due_reminders(today)
        self.stdout.write(f"expired: {len(expired)}, reminders sent: {len(reminders)}")
