"""The shared “search and pick one” field: one match is taken, none and several give the app's message
(several with the matches to pick from), and what a person may not pick is never taken."""

import pytest
from django import forms

from balanse.core.forms_rendering import StyledFormMixin
from balanse.core.search_choice import SearchChoiceField
from balanse.organisations.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class PickForm(StyledFormMixin, forms.Form):
    note = forms.CharField(required=False)
    organisation = SearchChoiceField(
        label="Organisation",
        required=False,
        queryset=Organisation.objects.none(),
        name_field="name",
        number_field="org_number",
        no_match="None: %(text)s",
        several="Several: %(text)s",
        too_many="More than %(shown)s: %(text)s",
        too_long="Too long",
        legend="Matches",
        shown=3,
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.all()
        )


@pytest.fixture
def organisations():
    return {
        name: OrganisationFactory(name=name, org_number=number)
        for name, number in [
            ("Black Box teater", "971239921"),
            ("Black Box teater Bodø", ""),
            ("Østfold musikkråd", ""),
            ("Det Norske Teatret", "970911947"),
            ("Nationaltheatret", ""),
        ]
    }


def clean(data, **kwargs) -> PickForm:
    form = PickForm(data, **kwargs)
    form.is_valid()
    return form


def test_search_choice_takes_the_one_match(organisations):
    for typed in ("norske", "  DET   norske teatret ", "970911947", "970 911"):
        form = clean({"organisation": typed})
        assert form.cleaned_data["organisation"] == organisations["Det Norske Teatret"], typed
    # Case folded beyond ASCII (SQLite's LIKE folds only a–z).
    assert (
        clean({"organisation": "østfold"}).cleaned_data["organisation"] == organisations["Østfold musikkråd"]
    )


def test_search_choice_takes_the_name_given_in_full_though_another_contains_it(organisations):
    form = clean({"organisation": "black box teater"})
    assert form.cleaned_data["organisation"] == organisations["Black Box teater"]


def test_search_choice_with_no_match_gives_the_message_and_keeps_the_text(organisations):
    form = clean({"organisation": "Rosendal", "note": "kept"})
    assert form.errors == {"organisation": ["None: Rosendal"]}
    html = str(form)
    assert 'value="Rosendal"' in html and 'value="kept"' in html
    assert 'type="radio"' not in html


def test_search_choice_with_several_matches_offers_them_to_pick_from(organisations):
    form = clean({"organisation": "teat", "note": "kept"})
    assert form.errors == {"organisation": ["Several: teat"]}
    html = str(form)
    assert html.count('type="radio"') == 3
    assert '<legend class="ds-label" data-weight="regular">Matches</legend>' in html
    wanted = organisations["Det Norske Teatret"]
    assert (
        f'value="{wanted.pk}"><label class="ds-label" data-weight="regular" for="id_organisation_valg_2">'
        in html
    )
    form = clean({"organisation": "teat", "organisation_valg": str(wanted.pk), "note": "kept"})
    assert form.cleaned_data["organisation"] == wanted
    # Shown again (another field wrong), the pick stays checked.
    assert f'value="{wanted.pk}" checked>' in str(form)


def test_search_choice_with_more_matches_than_shown_says_so(organisations):
    form = clean({"organisation": "e"})
    assert form.errors == {"organisation": ["More than 3: e"]}
    assert str(form).count('type="radio"') == 3


def test_search_choice_pick_that_does_not_match_the_text_is_not_taken(organisations):
    form = clean({"organisation": "teat", "organisation_valg": str(organisations["Østfold musikkråd"].pk)})
    assert form.errors == {"organisation": ["Several: teat"]}


def test_search_choice_never_takes_a_row_outside_its_queryset(organisations):
    allowed = Organisation.objects.filter(name__startswith="Black Box")
    other = organisations["Det Norske Teatret"]
    for data in (
        {"organisation": "Det Norske Teatret"},
        {"organisation": "teat", "organisation_valg": str(other.pk)},
        {"organisation": "970911947"},
    ):
        form = clean(data, organisations=allowed)
        assert "organisation" not in form.cleaned_data, data
        assert form.errors["organisation"][0] in ("None: " + data["organisation"], "Several: teat")
    assert (
        str(other.pk)
        not in str(clean({"organisation": "teat"}, organisations=allowed)).split("id_organisation")[-1]
    )


@pytest.mark.parametrize(
    "data, error",
    [
        ({"organisation": "x" * 201}, "Too long"),
        ({"organisation": "' OR 1=1 --"}, "None: ' OR 1=1 --"),
        ({"organisation": "%"}, "None: %"),
        ({"organisation": "_"}, "None: _"),
        ({"organisation": "nul\x00byte"}, "None: "),
        ({"organisation": "nope", "organisation_valg": "1; DROP TABLE"}, "None: nope"),
        ({"organisation": "nope", "organisation_valg": "9" * 40}, "None: nope"),
    ],
)
def test_search_choice_hostile_input_gives_a_message(organisations, data, error):
    assert clean(data).errors == {"organisation": [error]}


def test_search_choice_empty_is_none_unless_required(organisations):
    assert clean({"organisation": "  "}).cleaned_data["organisation"] is None
    form = PickForm({"organisation": ""})
    form.fields["organisation"].required = True
    assert not form.is_valid() and form.errors["organisation"]


def test_search_choice_shows_the_current_choice_when_editing(organisations):
    chosen = organisations["Nationaltheatret"]
    for initial in (chosen, chosen.pk):
        html = str(PickForm(initial={"organisation": initial}))
        assert 'name="organisation" value="Nationaltheatret"' in html


def test_search_choice_reads_one_query_per_submit(organisations, django_assert_num_queries):
    with django_assert_num_queries(1):
        clean({"organisation": "teat"})
    with django_assert_num_queries(0):
        str(PickForm())
