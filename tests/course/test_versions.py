"""Versioning, and export/import of course content."""

import filecmp
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from balanse.course import services
from balanse.course.models import Course, Enrollment, Step, StepKind
from balanse.course.queries import course_progress

pytestmark = pytest.mark.django_db


def step_of(version, key):
    return Step.objects.get(module__version=version, key=key)


def test_half_way_learner_keeps_progress_in_a_new_version(operator_client, course, learner):
    from django.test import Client

    client = Client()
    v1 = services.published_version(course)
    for key in ["definisjonen", "quiz-definisjon", "refleksjon-grenser"]:
        services.complete_step(user=learner, course=course, step=step_of(v1, key))
    # The operator starts a draft, removes the quiz, adds a new text step, renames another step and publishes.
    operator_client.post(reverse("course:operator_start_draft", args=[course.slug]))
    draft = course.versions.get(state="draft")
    assert draft.number == 2
    quiz = step_of(draft, "quiz-definisjon")
    response = operator_client.post(
        reverse("course:operator_step", args=[course.slug, quiz.pk]), {"action": "delete"}
    )
    assert response.status_code == 302
    module = draft.modules.get(key="hva-er-trakassering")
    response = operator_client.post(
        reverse("course:operator_step_new", args=[course.slug, module.pk]),
        {"key": "ny-tekst", "kind": "text", "title": "Nytt om samtykke", "body": "**Ny** tekst"},
    )
    assert response.status_code == 302, response.content.decode()
    # Learners still see version 1 until publication.
    client.force_login(learner)
    assert (
        "Nytt om samtykke"
        not in client.get(reverse("course:learner_course", args=[course.slug])).content.decode()
    )
    response = operator_client.post(reverse("course:operator_publish", args=[course.slug]))
    assert response.status_code == 302
    v2 = services.published_version(course)
    assert v2.number == 2
    assert course.versions.get(number=1).state == "retired"
    progress = course_progress(learner, v2)
    first = progress.modules[0]
    assert [(s.key, s.is_done) for s in first.steps] == [
        ("definisjonen", True),
        ("refleksjon-grenser", True),
        ("case-premierefesten", False),
        ("ny-tekst", False),
    ]
    assert progress.next_step.key == "case-premierefesten"
    page = client.get(reverse("course:learner_course", args=[course.slug])).content.decode()
    assert reverse("course:step", args=[course.slug, "case-premierefesten"]) in page
    # A step of the old version that no longer exists is gone for the learner.
    assert client.get(reverse("course:step", args=[course.slug, "quiz-definisjon"])).status_code == 404


def test_completed_learner_stays_completed_and_new_version_can_complete_others(course, learner, operator):
    v1 = services.published_version(course)
    for step in Step.objects.filter(module__version=v1):
        services.complete_step(user=learner, course=course, step=step)
    assert Enrollment.objects.get(user=learner).completed_at is not None
    draft = services.get_or_create_draft(course=course, by=operator)
    services.save_step(module=draft.modules.first(), by=operator, key="ekstra", kind="text", title="Ekstra")
    services.publish_draft(course=course, by=operator)
    assert Enrollment.objects.get(user=learner).completed_at is not None


def test_video_without_captions_cannot_be_published(course, operator):
    draft = services.get_or_create_draft(course=course, by=operator)
    video = Step.objects.get(module__version=draft, kind=StepKind.VIDEO)
    video.data = {**video.data, "captions": ""}
    video.save()
    with pytest.raises(ValidationError) as exc:
        services.publish_draft(course=course, by=operator)
    assert exc.value.messages == ["Videosteget «Film: Risiko i hverdagen» har ikke teksting i WebVTT."]
    assert services.published_version(course).number == 1


def test_published_version_cannot_be_edited(course, operator):
    with pytest.raises(ValidationError):
        services.save_step(
            module=services.published_version(course).modules.first(),
            by=operator,
            key="x",
            kind="text",
            title="X",
        )


def test_step_key_must_be_unique_in_the_course(operator_client, course, operator):
    draft = services.get_or_create_draft(course=course, by=operator)
    module = draft.modules.last()
    response = operator_client.post(
        reverse("course:operator_step_new", args=[course.slug, module.pk]),
        {"key": "definisjonen", "kind": "text", "title": "Dobbel", "body": "x"},
    )
    assert response.status_code == 200
    assert "Et annet steg i kurset bruker allerede denne nøkkelen." in response.content.decode()


def test_operator_bad_json_gives_message_and_keeps_input(operator_client, course, operator):
    draft = services.get_or_create_draft(course=course, by=operator)
    step = Step.objects.get(module__version=draft, key="quiz-definisjon")
    response = operator_client.post(
        reverse("course:operator_step", args=[course.slug, step.pk]),
        {"key": step.key, "kind": "quiz", "title": "Endret", "body": "", "settings_json": "{ikke json"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dette er ikke gyldig JSON" in page
    assert "{ikke json" in page
    step.refresh_from_db()
    assert step.title == "Sjekk forståelsen"


def tree(path: Path) -> dict:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def test_export_import_round_trip_is_identical(tmp_path, course):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_course", course.slug, str(first), stdout=io.StringIO())
    # An empty database (for courses): everything about the course is gone before the import.
    Course.objects.all().delete()
    assert Step.objects.count() == 0
    out = io.StringIO()
    call_command("import_course", str(first), stdout=out)
    assert out.getvalue().strip() == "trygt-kulturliv: imported"
    call_command("export_course", course.slug, str(second), stdout=io.StringIO())
    assert tree(first) == tree(second)
    assert not filecmp.dircmp(first, second).diff_files


def test_default_content_files_equal_their_export(tmp_path, course):
    from balanse.course.content import CONTENT_DIR

    call_command("export_course", course.slug, str(tmp_path / "out"), stdout=io.StringIO())
    assert tree(tmp_path / "out") == tree(CONTENT_DIR / "trygt-kulturliv")


def test_import_same_files_again_changes_nothing(tmp_path, course):
    call_command("export_course", course.slug, str(tmp_path / "c"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_course", str(tmp_path / "c"), stdout=out)
    assert out.getvalue().strip() == "trygt-kulturliv: unchanged"
    assert course.versions.count() == 1


def test_import_changed_files_publishes_new_version(tmp_path, course):
    call_command("export_course", course.slug, str(tmp_path / "c"), stdout=io.StringIO())
    (tmp_path / "c" / "steps" / "definisjonen.md").write_text("Endret tekst\n", encoding="utf-8")
    call_command("import_course", str(tmp_path / "c"), stdout=io.StringIO())
    version = services.published_version(course)
    assert version.number == 2
    assert step_of(version, "definisjonen").body == "Endret tekst\n"


def test_import_bad_files_gives_clear_error(tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "course.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="course.json er ikke gyldig JSON|course.json is not valid JSON"):
        call_command("import_course", str(tmp_path))


def test_uploaded_video_is_previewed_and_served_with_ranges(operator_client, course, operator, learner):
    from django.core.files.base import ContentFile
    from django.test import Client

    draft = services.get_or_create_draft(course=course, by=operator)
    step = Step.objects.get(module__version=draft, kind=StepKind.VIDEO)
    step.video_file.save("film.webm", ContentFile(b"0123456789"), save=True)
    page = operator_client.get(
        reverse("course:operator_preview", args=[course.slug, step.pk])
    ).content.decode()
    assert f'src="{reverse("course:operator_video", args=[course.slug, step.pk])}"' in page
    services.publish_draft(course=course, by=operator)
    client = Client()
    client.force_login(learner)
    url = reverse("course:video", args=[course.slug, step.key])
    assert f'src="{url}"' in client.get(reverse("course:step", args=[course.slug, step.key])).content.decode()
    response = client.get(url, HTTP_RANGE="bytes=2-5")
    assert (response.status_code, b"".join(response.streaming_content), response["Content-Range"]) == (
        206,
        b"2345",
        "bytes 2-5/10",
    )
    assert response["Content-Type"] == "video/webm"
    assert client.get(url, HTTP_RANGE="bytes=20-").status_code == 416
    assert b"".join(client.get(url).streaming_content) == b"0123456789"


def test_a_range_of_a_large_video_is_streamed_in_pieces(
    operator_client, course, operator, learner, monkeypatch
):
    """`bytes=0-` of a large file is sent piece by piece: no read asks for more than one chunk."""
    from django.core.files.base import ContentFile
    from django.test import Client

    from balanse.course import media

    monkeypatch.setattr(media, "CHUNK_SIZE", 1000)
    draft = services.get_or_create_draft(course=course, by=operator)
    step = Step.objects.get(module__version=draft, kind=StepKind.VIDEO)
    data = bytes(range(256)) * 40  # 10 240 bytes
    step.video_file.save("stor.webm", ContentFile(data), save=True)
    services.publish_draft(course=course, by=operator)
    client = Client()
    client.force_login(learner)
    reads = []
    real_open = step.video_file.storage.open

    class CountingFile:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def seek(self, offset):
            return self.handle.seek(offset)

        def read(self, size=-1):
            reads.append(size)
            return self.handle.read(size)

    def counting_open(name, mode="rb"):
        return CountingFile(real_open(name, mode))

    monkeypatch.setattr(step.video_file.storage, "open", counting_open)
    response = client.get(reverse("course:video", args=[course.slug, step.key]), HTTP_RANGE="bytes=0-")
    assert response.status_code == 206
    assert response.streaming
    assert response["Content-Length"] == "10240"
    assert b"".join(response.streaming_content) == data
    assert reads and max(reads) <= 1000 and -1 not in reads
