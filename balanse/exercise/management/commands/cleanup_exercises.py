from django.conf import settings
from django.core.management.base import BaseCommand

from balanse.exercise.services import cleanup_expired


class Command(BaseCommand):
    help = (
        "Delete the votes of exercise sessions that ended more than EXERCISE_RETENTION_DAYS days ago "
        "(idempotent; run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override EXERCISE_RETENTION_DAYS")

    def handle(self, *args, days=None, **options):
        days = settings.EXERCISE_RETENTION_DAYS if days is None else days
        deleted = cleanup_expired(days=days)
        self.stdout.write(f"Deleted {deleted} votes from sessions older than {days} days.")
