"""manage.py apply_retention: apply every retention rule of the register of personal data (run daily).

Each app declares its rules with its data (`balanse.core.privacy.PersonalData.expires`); this command erases
or deletes what is past its period. Idempotent: a second run the same day finds nothing."""

from django.core.management.base import BaseCommand

from balanse.core.services import apply_retention


class Command(BaseCommand):
    help = "Erase or delete the personal data that is past its retention period (every register; run daily)."

    def handle(self, *args, **options):
        results = apply_retention()
        for result in results:
            self.stdout.write(f"{result.label}: {result.count}")
        total = sum(result.count for result in results)
        self.stdout.write(
            self.style.SUCCESS(f"Slettet eller anonymisert / erased: {total} ({len(results)} regler / rules)")
        )
