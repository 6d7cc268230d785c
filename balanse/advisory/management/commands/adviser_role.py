"""Give or take away the adviser role (answering the advisory line; only advisers open inquiries).

    manage.py adviser_role person@balansekunst.no            give the role (the person must be staff)
    manage.py adviser_role person@balansekunst.no --remove   take it away

The first adviser is given the role here (or by a superuser on /drift/radgivning/radgivere/); advisers can then
give it to other staff on that page. Every change is written to the audit log."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from balanse.advisory import services


class Command(BaseCommand):
    help = "Give (or with --remove take away) the adviser role of the advisory line."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args, email, remove, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Nobody has an account with the e-mail address {email}.")
        try:
            if remove:
                services.revoke_adviser_role(user=user, by=None)
            else:
                services.grant_adviser_role(user=user, by=None)
        except services.AdvisoryError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{user.email} {'no longer has' if remove else 'now has'} the adviser role.")
