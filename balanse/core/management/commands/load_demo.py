from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from balanse.core.plugins import app_modules


class Command(BaseCommand):
    help = "Load demo data (real member organisations, demo users). Safe to run again: changes nothing twice."

    def handle(self, *args, **options):
        call_command("load_content", stdout=self.stdout)
        lines: list[str] = []
        for config, module in app_modules("demo"):
            with transaction.atomic():
                lines += module.load_demo(self.stdout) or []
            self.stdout.write(f"  demo loaded: {config.label}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo log-ins (http://127.0.0.1:8000/konto/login/):"))
        for line in lines:
            self.stdout.write("  " + line)
