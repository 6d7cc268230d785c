"""Uploaded course videos, served by Django behind the course permission, with HTTP range requests so that
the browser can seek (the interactive transcript jumps in the video)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK_SIZE = 64 * 1024  # a range is sent in pieces of this size, never read into memory whole
CONTENT_TYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".ogv": "video/ogg", ".mov": "video/quicktime"}


def serve_video(request, field_file) -> HttpResponse:
    name = field_file.name.lower()
    content_type = next(
        (t for ext, t in CONTENT_TYPES.items() if name.endswith(ext)), "application/octet-stream"
    )
    size = field_file.size
    match = RANGE.match(request.headers.get("Range", "").strip())
    if not match or not (match[1] or match[2]):
        response = FileResponse(field_file.open("rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), size - 1) if match[2] else size - 1
    else:
        start, end = max(size - int(match[2]), 0), size - 1
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    response = StreamingHttpResponse(
        _read_range(field_file, start, end), status=206, content_type=content_type
    )
    response["Content-Length"] = str(end - start + 1)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def _read_range(field_file, start: int, end: int):
    """Yield bytes start..end (inclusive) of the file, CHUNK_SIZE at a time, from a file object of its own
    (closed when the response ends, also when the viewer goes away half-way)."""
    with field_file.storage.open(field_file.name, "rb") as fh:
        fh.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = fh.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def video_kind(head: bytes) -> str | None:
    """The kind of video the first bytes of a file show ("mp4", "webm", "ogg"), or None.

    MP4 (ISO base media): a box of type "ftyp" at byte 4. WebM: an EBML header (1A 45 DF A3) whose document
    type is "webm". Ogg: the page marker "OggS"."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "webm"
    if head.startswith(b"OggS"):
        return "ogg"
    return None


EXTENSION_KIND = {".mp4": "mp4", ".webm": "webm", ".ogv": "ogg"}


def check_video_upload(upload) -> None:
    """Refuse an uploaded video that is too big (COURSE_VIDEO_MAX_BYTES) or whose content is not the video
    its name says (an HTML page named .mp4, say). The name alone is never trusted."""
    limit = settings.COURSE_VIDEO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The video is too big: it is %(size)s, and at most %(limit)s can be uploaded.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    name = (upload.name or "").lower()
    expected = next((kind for ext, kind in EXTENSION_KIND.items() if name.endswith(ext)), None)
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if expected is None or video_kind(head) != expected:
        raise ValidationError(
            _(
                "The file is not an MP4, WebM or Ogg video, or its name does not match what it is. "
                "Upload the video file itself (.mp4, .webm or .ogv)."
            ),
            code="not_video",
        )
