from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balanse.course.content_format import CourseFormatError, read_course_dir
from balanse.course.services import import_course


class Command(BaseCommand):
    help = (
        "Create or update a course from a folder in the course file format, publishing it as a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--draft", action="store_true", help="Import as a draft; do not publish.")

    def handle(self, *args, folder, draft, **options):
        try:
            data = read_course_dir(Path(folder))
            course, changed = import_course(data=data, publish=not draft)
        except CourseFormatError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{course.slug}: {'imported' if changed else 'unchanged'}")
