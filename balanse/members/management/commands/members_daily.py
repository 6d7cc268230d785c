from datetime import date

from django.core.management.base import BaseCommand, CommandError

from balanse.members import services


class Command(BaseCommand):
    help = (
        "Daily work of the member register: a reminder for each claim unpaid MEMBERS_REMINDER_DAYS after its due "
        "date (never twice), and the organisations' member flag for memberships that have ended. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were YYYY-MM-DD (to catch up after downtime)")

    def handle(self, *args, date: str | None = None, **options):
        try:
            today = _parse(date)
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
        sent, without = services.send_reminders(today=today)
        changed = services.sync_organisations(today=today)
        self.stdout.write(
            f"reminders sent: {sent}, without an address: {len(without)}, member flags changed: {changed}"
        )


def _parse(value: str | None):
    return date.fromisoformat(value) if value else None
