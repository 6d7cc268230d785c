"""The form of the public credential check: a downloaded credential file, or its text pasted."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.core.forms_rendering import StyledFormMixin

MAX_BYTES = 100_000  # a Balansemerket credential is about 3 kB


class CredentialCheckForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Credential file"),
        required=False,
        help_text=_("The JSON file you downloaded, for example balansemerket-BM-2026-001.json."),
    )
    text = forms.CharField(
        label=_("Or paste the credential"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("The text of the file, starting with {."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"class": "ds-input", "accept": ".json,application/json,application/vc"}
        )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text", "")
        if self.errors:
            return data
        if upload and text:
            raise forms.ValidationError(_("Choose a file or paste the text, not both."), code="both")
        if not upload and not text:
            raise forms.ValidationError(_("Choose the credential file or paste its text."), code="empty")
        if upload:
            if upload.size > MAX_BYTES:
                self.add_error("file", _("The file is too large to be a credential (more than 100 kB)."))
                return data
            raw = upload.read()
            field = "file"
        else:
            raw = text.encode("utf-8")
            field = "text"
            if len(raw) > MAX_BYTES:
                self.add_error("text", _("The text is too long to be a credential (more than 100 kB)."))
                return data
        try:
            document = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            self.add_error(field, _("This is not a credential: it is not JSON text."))
            return data
        if not isinstance(document, dict):
            self.add_error(field, _("This is not a credential: it is not a JSON object."))
            return data
        data["document"] = document
        return data
