from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.cards.models import CARD_TEXT_MAX, CardKind, Deck, Topic
from balanse.core.forms_rendering import StyledFormMixin


class TopicFilterForm(StyledFormMixin, forms.Form):
    tema = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=[("", _("All topics")), *Topic.choices],
        error_messages={"invalid_choice": _("There is no topic called “%(value)s”. Showing all topics.")},
    )


class DeckForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Deck
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": _("Give the deck a title.")}}


class CardForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Question or statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CARD_TEXT_MAX,
        help_text=_("At most 300 characters. Write it so it can be read aloud."),
        error_messages={
            "required": _("Write the question or statement on the card."),
            "max_length": _(
                "A card holds at most %(limit_value)d characters (this text has %(show_value)d)."
            ),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=CardKind.choices, initial=CardKind.QUESTION, widget=forms.RadioSelect
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", _("Choose a topic")), *Topic.choices],
        error_messages={
            "required": _("Choose a topic."),
            "invalid_choice": _("Choose one of the topics in the list."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_text(self):
        return self.cleaned_data["text"].strip()
