from django.core.management.base import BaseCommand
from django.db import transaction

from balanse.core.signals import load_default_content


class Command(BaseCommand):
    help = "Load the default content of every app (art fields, advice contacts, …). Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            responses = load_default_content.send(sender=None, stdout=self.stdout)
        for receiver, _response in responses:
            self.stdout.write(f"  content loaded: {receiver.__module__.split('.')[1]}")
