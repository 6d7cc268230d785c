from django.core.management.base import BaseCommand
from django.db import transaction

from balanse.core.plugins import app_modules


class Command(BaseCommand):
    help = "Load the default content of every app (art fields, advice contacts, …). Safe to run again."

    def handle(self, *args, **options):
        for config, module in app_modules("content"):
            with transaction.atomic():
                module.load_default_content(self.stdout)
            self.stdout.write(f"  content loaded: {config.label}")
