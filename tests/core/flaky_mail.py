"""A mail backend for tests that fails a set number of times before it delivers."""

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FlakyBackend(BaseEmailBackend):
    failures_left = 0
    attempts = 0

    def send_messages(self, email_messages):
        FlakyBackend.attempts += 1
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise ConnectionRefusedError("the mail server is down")
        mail.outbox.extend(email_messages)
        return len(email_messages)
