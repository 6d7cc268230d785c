"""Uploaded course videos, served by Django behind the course permission, with HTTP range requests so that
the browser can seek (the interactive transcript jumps in the video)."""

import re

from django.http import FileResponse, HttpResponse

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
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
    with field_file.open("rb") as fh:
        fh.seek(start)
        data = fh.read(end - start + 1)
    response = HttpResponse(data, status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
