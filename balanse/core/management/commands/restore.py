"""manage.py restore FILE [--replace]: rebuild the site from a backup made by `manage.py backup`.

Everything in the file is decrypted and checked before anything changes. On a site that already has data,
it refuses and says what would be replaced, unless --replace is given."""

from django.core.management.base import BaseCommand, CommandError

from balanse.core.backup import (
    BackupFormatError,
    PartialRestore,
    RestoreRefused,
    passphrase_from_env,
    restore_backup,
)


class Command(BaseCommand):
    help = "Restore the database, uploaded files and credential signing keys from a backup file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file (made by manage.py backup).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the site's data (database, uploaded files, signing keys) with the backup's.",
        )

    def handle(self, *args, file: str, replace: bool, **options):
        try:
            result = restore_backup(file, passphrase=passphrase_from_env(), replace=replace)
        except PartialRestore as exc:
            raise CommandError(str(exc)) from exc
        except RestoreRefused as exc:
            raise CommandError(f"{exc} Ingenting er endret.") from exc
        except (BackupFormatError, OSError) as exc:
            raise CommandError(f"Gjenoppretting avbrutt, ingenting er endret: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Gjenopprettet fra {result.path} (tatt {result.manifest['created']}): databasen, "
                f"{result.count('media')} opplastede filer og {result.count('keys')} signeringsnøkler."
            )
        )
        if result.migrated:
            self.stdout.write(
                f"Databaseskjemaet er oppdatert til denne versjonen: {', '.join(result.migrated)}."
            )
        self.stdout.write("Start nettstedet og bakgrunnsarbeideren (db_worker) på nytt.")
