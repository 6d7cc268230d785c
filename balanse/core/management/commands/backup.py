"""manage.py backup FILE: one encrypted archive with the database, uploaded files and signing keys.

The passphrase comes from the environment variable BACKUP_PASSPHRASE. Safe to run while the site runs;
README "Production" describes the nightly schedule and the restore drill."""

from django.core.management.base import BaseCommand, CommandError

from balanse.core.backup import BackupFormatError, create_backup, passphrase_from_env


class Command(BaseCommand):
    help = "Back up the database, uploaded files and credential signing keys into one encrypted file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup (written as FILE only when complete).")

    def handle(self, *args, file: str, **options):
        try:
            result = create_backup(file, passphrase=passphrase_from_env())
        except (BackupFormatError, OSError) as exc:
            raise CommandError(f"Sikkerhetskopien ble ikke tatt: {exc}") from exc
        size = result.path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Sikkerhetskopi skrevet til {result.path} ({size / 1024 / 1024:.1f} MB): "
                f"{result.manifest['database']}-database, {result.count('media')} opplastede filer, "
                f"{result.count('keys')} signeringsnøkler."
            )
        )
