"""manage.py rotate_credential_key [--compromised]: make a new Ed25519 key the one that signs credentials.

Without --compromised the old key stays published, so credentials it signed still verify. With
--compromised the old key is marked as no longer trusted: what it signed stops verifying, every mark that
is still valid is re-issued with the new key, and each organisation's administrators are told by e-mail
where to fetch the new credential. Back up the key folder (next to CREDENTIAL_KEY_PATH) afterwards."""

from django.core.management.base import BaseCommand, CommandError

from balanse.certification import credentials
from balanse.certification.credentials.keys import KeyFileError, key_dir


class Command(BaseCommand):
    help = "Replace the key that signs Balansemerket credentials (use --compromised if the old key may have leaked)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--compromised",
            action="store_true",
            help="The old key may have leaked: stop trusting it, re-issue every valid mark and tell the holders.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, compromised: bool, interactive: bool, **options):
        try:
            old = credentials.current_key()
        except KeyFileError as exc:
            raise CommandError(str(exc)) from exc
        if compromised and interactive:
            answer = input(
                f"Nøkkelen {old.key_id} blir markert som kompromittert: alt den har signert, slutter å gjelde, "
                "og alle gyldige merker utstedes på nytt.\n"
                f"The key {old.key_id} will be marked as compromised: everything it signed stops verifying, and "
                "every valid mark is re-issued.\nSkriv «ja» / type 'yes' to continue: "
            )
            if answer.strip().lower() not in ("ja", "yes"):
                raise CommandError("Avbrutt / cancelled.")
        try:
            rotation = credentials.rotate_key(compromised=compromised)
        except (KeyFileError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Ny nøkkel / new key: {rotation.new_key} (i / in {key_dir()}, mode 0600)\n"
            f"Erstattet / replaced: {rotation.old_key}"
            + (
                " — KOMPROMITTERT / COMPROMISED"
                if rotation.compromised
                else " (verifiserer fortsatt / still verifies)"
            )
        )
        if rotation.compromised:
            self.stdout.write(
                f"Utstedt på nytt / re-issued: {len(rotation.reissued)} merker / marks; "
                f"varslet / told: {rotation.notified}"
            )
            for certification in rotation.without_admin:
                self.stdout.write(
                    f"- {certification.certificate_number} {certification.organisation.name}: "
                    "ingen administrator å varsle / no administrator to tell"
                )
        self.stdout.write(self.style.SUCCESS("Ta sikkerhetskopi av nøkkelmappen / back up the key folder."))
