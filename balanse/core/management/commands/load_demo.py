from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from balanse.core.links import absolute_url
from balanse.core.signals import collect, load_demo_data


class Command(BaseCommand):
    help = "Load demo data (real member organisations, demo users). Safe to run again: changes nothing twice."

    def handle(self, *args, **options):
        call_command("load_content", stdout=self.stdout)
        with transaction.atomic():
            lines = collect(load_demo_data, stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo log-ins ({absolute_url('account_login')}):"))
        for line in lines:
            self.stdout.write("  " + line)
