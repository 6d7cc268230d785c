"""The exercises a session is started from: the default one (from content/exercise/, in Norwegian and the
languages we ship) and organisations' own copies."""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from balanse.core.audit import record
from balanse.core.models import User
from balanse.exercise.models import ExerciseTemplate
from balanse.organisations.models import Organisation

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "exercise"
DEFAULT_SLUG = "ok-eller-ikke-ok"


def load_default_template() -> ExerciseTemplate:
    """Create or update the default exercise from content/exercise/ (idempotent)."""
    data = json.loads((CONTENT_DIR / f"{DEFAULT_SLUG}.json").read_text(encoding="utf-8"))
    template, _created = ExerciseTemplate.objects.update_or_create(
        slug=data["slug"],
        is_default=True,
        defaults={
            "title": data["title"],
            "intro": data["intro"],
            "scenarios": data["scenarios"],
            "relations": data["relations"],
            "questions": data["questions"],
        },
    )
    return template


def default_template() -> ExerciseTemplate | None:
    return ExerciseTemplate.objects.filter(is_default=True, slug=DEFAULT_SLUG).first()


def default_content_in(language: str | None) -> dict | None:
    """The default exercise written in another language than Norwegian (content/exercise/<slug>.<lang>.json),
    or None when we ship none for it (Norwegian is the template itself)."""
    code = (language or "").split("-")[0].lower()
    if not code or code == "nb" or not code.isalpha():
        return None
    path = CONTENT_DIR / f"{DEFAULT_SLUG}.{code}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _content_for_session(template: ExerciseTemplate) -> dict:
    """What a new session copies: the template, or for the default exercise on an English page, the English
    version we ship (an international freelancer's session). Organisations' own copies stay as written."""
    content = {
        "title": template.title,
        "scenarios": list(template.scenarios),
        "relations": list(template.relations),
        "questions": list(template.questions),
    }
    if template.is_default and template.slug == DEFAULT_SLUG:
        translated = default_content_in(translation.get_language())
        if translated:
            content = {key: translated[key] for key in content}
    return content


@transaction.atomic
def save_template(
    *, by: User, template: ExerciseTemplate | None, organisation: Organisation | None, data: dict
) -> ExerciseTemplate:
    """Create a copy (template=None) or update an own copy. The default template itself is never edited here."""
    if template is not None and template.is_default:
        raise ValidationError(_("The default exercise cannot be changed; make a copy instead."))
    creating = template is None
    if creating:
        template = ExerciseTemplate(organisation=organisation, created_by=by)
    for field in ("title", "intro", "scenarios", "relations", "questions"):
        setattr(template, field, data[field])
    template.save()
    record(
        actor=by, action="exercise_template.create" if creating else "exercise_template.update", obj=template
    )
    return template
