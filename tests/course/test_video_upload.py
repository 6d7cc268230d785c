"""Uploaded course videos are checked by content, not by name, and capped in size (issue 9, finding 6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balanse.course import services
from balanse.course.models import Step, StepKind

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    + b"\x00" * 64
)
OGG = b"OggS\x00\x02" + b"\x00" * 80
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def video_step(course, operator):
    draft = services.get_or_create_draft(course=course, by=operator)
    return Step.objects.get(module__version=draft, kind=StepKind.VIDEO)


def _post(client, course, step, name: str, content: bytes, content_type: str = "video/mp4"):
    return client.post(
        reverse("course:operator_step", args=[course.slug, step.pk]),
        {
            "key": step.key,
            "kind": step.kind,
            "title": step.title,
            "body": step.body,
            "captions": step.data.get("captions", ""),
            "video_file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


@pytest.mark.parametrize("name,content", [("film.mp4", MP4), ("film.webm", WEBM), ("film.ogv", OGG)])
def test_real_video_is_accepted(operator_client, course, video_step, name, content):
    response = _post(operator_client, course, video_step, name, content)
    assert response.status_code == 302, response.content.decode()
    video_step.refresh_from_db()
    assert video_step.video_file.name.endswith(name.rsplit(".", 1)[1])


@pytest.mark.parametrize(
    "name,content",
    [("film.mp4", HTML), ("film.webm", HTML), ("film.ogv", b"Ogg"), ("film.mp4", WEBM), ("film.webm", OGG)],
)
def test_file_that_is_not_the_video_its_name_says_is_refused(
    operator_client, course, video_step, name, content
):
    response = _post(operator_client, course, video_step, name, content)
    assert response.status_code == 200
    assert "Filen er ikke en MP4-, WebM- eller Ogg-video" in response.content.decode()
    video_step.refresh_from_db()
    assert not video_step.video_file


def test_video_over_the_size_limit_is_refused(operator_client, course, video_step, settings):
    settings.COURSE_VIDEO_MAX_BYTES = len(MP4) - 1
    response = _post(operator_client, course, video_step, "film.mp4", MP4)
    assert response.status_code == 200
    assert "Videoen er for stor" in response.content.decode()
    video_step.refresh_from_db()
    assert not video_step.video_file
    settings.COURSE_VIDEO_MAX_BYTES = len(MP4)
    assert _post(operator_client, course, video_step, "film.mp4", MP4).status_code == 302


def test_video_size_limit_has_a_default_setting(settings):
    assert settings.COURSE_VIDEO_MAX_BYTES == 500 * 1024 * 1024
