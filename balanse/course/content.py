"""The default course (Norwegian), loaded idempotently from content/course/<slug>/."""

from pathlib import Path

from django.conf import settings

from balanse.course.content_format import read_course_dir
from balanse.course.services import import_course

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "course"


def course_dirs() -> list[Path]:
    return sorted(p.parent for p in CONTENT_DIR.glob("*/course.json"))


def load_default_content(stdout) -> None:
    for path in course_dirs():
        course, changed = import_course(data=read_course_dir(path))
        if changed:
            stdout.write(f"course: loaded {course.slug}\n")
