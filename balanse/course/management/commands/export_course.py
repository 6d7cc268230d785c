from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from balanse.course.models import Course
from balanse.course.services import export_course


class Command(BaseCommand):
    help = "Write a course's published version to a folder (course.json + steps/*.md, *.vtt)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("folder")

    def handle(self, *args, slug, folder, **options):
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f"No course with the short name {slug!r}.")
        try:
            export_course(course=course, path=Path(folder))
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"Exported {slug} to {folder}")
