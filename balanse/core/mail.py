"""Development e-mail backend: prints each message to the terminal and keeps it in var/outbox/."""

import json
import sys
import uuid
from email.utils import format_datetime

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        outbox = settings.OUTBOX_DIR
        outbox.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            now = timezone.now()
            body = message.body
            record = {
                "id": f"{now:%Y%m%d%H%M%S%f}-{uuid.uuid4().hex[:8]}",
                "date": format_datetime(now),
                "from": message.from_email,
                "to": list(message.to),
                "subject": str(message.subject),
                "body": body,
            }
            (outbox / f"{record['id']}.json").write_text(json.dumps(record, ensure_ascii=False))
            sys.stdout.write(
                f"\n----- e-mail to {', '.join(message.to)} -----\n"
                f"Subject: {message.subject}\n\n{body}\n----- (also at /dev/outbox/) -----\n"
            )
            sys.stdout.flush()
        return len(email_messages)


def read_outbox(limit: int = 50) -> list[dict]:
    outbox = settings.OUTBOX_DIR
    if not outbox.exists():
        return []
    files = sorted(outbox.glob("*.json"), reverse=True)[:limit]
    return [json.loads(f.read_text()) for f in files]
