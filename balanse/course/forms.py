import json
import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from balanse.core.forms_rendering import StyledFormMixin
from balanse.course.media import check_video_upload
from balanse.course.models import Module, Step, StepKind
from balanse.course.services import parse_emails
from balanse.course.vtt import parse_vtt


class InviteLearnersForm(StyledFormMixin, forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One address per line, or separated by commas."),
    )

    def clean_emails(self):
        valid, invalid = parse_emails(self.cleaned_data["emails"])
        if invalid:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(list)s") % {"list": ", ".join(invalid)}
            )
        if not valid:
            raise forms.ValidationError(_("Write at least one e-mail address."))
        return valid


class LearnerNameForm(StyledFormMixin, forms.Form):
    """The learner's name, asked for where none is known yet: the organisation's list of learners shows it."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Write your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class JoinForm(LearnerNameForm):
    email = forms.EmailField(label=_("Your e-mail address"))


class JoinCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Six digits, from the e-mail we sent you."),
        error_messages={"required": _("Write the code from the e-mail.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code"})

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("The code is six digits (0–9)."), code="shape")
        return code


class ReflectionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("Only you can read this. Your organisation and Balansekunst cannot."),
    )


class MeetingForm(StyledFormMixin, forms.Form):
    meeting_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    meeting_link = forms.URLField(label=_("Video meeting link"), assume_scheme="https")
    meeting_note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class ModuleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Module
        fields = ["key", "title", "intro", "position"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class StepForm(StyledFormMixin, forms.ModelForm):
    """Edits a step. The kind-specific settings are JSON (quiz questions, case nodes); video has fields."""

    video_url = forms.URLField(label=_("Video address (URL)"), required=False, assume_scheme="https")
    captions = forms.CharField(
        label=_("Captions (WebVTT)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    prompt = forms.CharField(label=_("Question to reflect on"), required=False)
    settings_json = forms.CharField(
        label=_("Questions or case nodes (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("For quiz and case steps. See the course file format in the README."),
    )

    class Meta:
        model = Step
        fields = ["key", "kind", "title", "body", "video_file", "position"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        data = dict(self.instance.data or {}) if self.instance.pk else {}
        self.fields["video_url"].initial = data.pop("url", "")
        self.fields["captions"].initial = data.pop("captions", "")
        self.fields["prompt"].initial = data.pop("prompt", "")
        self.fields["settings_json"].initial = json.dumps(data, indent=2, ensure_ascii=False) if data else ""

    def clean_settings_json(self):
        text = self.cleaned_data["settings_json"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("This is not valid JSON: %(error)s") % {"error": exc}) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Write a JSON object ({…})."))
        return value

    def clean_video_file(self):
        upload = self.cleaned_data.get("video_file")
        if isinstance(upload, UploadedFile):
            check_video_upload(upload)
        return upload

    def clean_captions(self):
        text = self.cleaned_data["captions"].strip()
        if text and not parse_vtt(text):
            raise forms.ValidationError(_("The captions must be WebVTT (start with WEBVTT and have cues)."))
        return text + "\n" if text else ""

    def clean(self):
        cleaned = super().clean()
        settings = cleaned.get("settings_json") or {}
        if cleaned.get("kind") == StepKind.QUIZ and "pass_mark" in settings:
            mark = settings["pass_mark"]
            if mark is not None and (
                isinstance(mark, bool) or not isinstance(mark, int) or not 1 <= mark <= 100
            ):
                self.add_error(
                    "settings_json",
                    _("The pass mark is a whole number of per cent from 1 to 100, or leave it out."),
                )
        return cleaned

    def step_data(self) -> dict:
        data = dict(self.cleaned_data["settings_json"])
        kind = self.cleaned_data["kind"]
        if kind == StepKind.VIDEO:
            data["url"] = self.cleaned_data["video_url"]
            data["captions"] = self.cleaned_data["captions"]
        if kind == StepKind.REFLECTION:
            data["prompt"] = self.cleaned_data["prompt"]
        return data
