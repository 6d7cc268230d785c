"""The members pages' forms written in Python (`balanse.members.form_markup`) are the markup core's form
renderer writes, character for character: unbound and bound, with values that need escaping, a selected option,
a ticked box, a required field, help text, a hidden field; a form with errors is core's own rendering."""

from datetime import date
from unittest import mock

import pytest
from django import forms as django_forms
from django.forms.utils import RenderableMixin
from django.utils import translation

from balanse.core.form_markup import PlainFormMixin
from balanse.core.forms_rendering import FormRenderer, StyledFormMixin
from balanse.members import forms
from balanse.members.models import Fee
from tests.factories import OrganisationFactory
from tests.members.factories import FeeFactory, FeeTierFactory, MemberFactory

pytestmark = pytest.mark.django_db


def core_markup(form) -> str:
    """The form as core's renderer writes it (form.html, the field macro, the widgets' templates)."""
    return RenderableMixin.render(form)


def rendered_by_templates(form) -> tuple[str, int]:
    """`str(form)` and how many templates the form renderer rendered for it."""
    with mock.patch.object(FormRenderer, "render", autospec=True, side_effect=FormRenderer.render) as spy:
        html = str(form)
    return html, spy.call_count


MUNICIPALITIES = ["Ås", "O'Brien & <Co>", 'Sted "Nord"']


def filter_forms() -> list:
    tiers = [15000, 5000]
    return [
        forms.MemberFilterForm(None, municipalities=MUNICIPALITIES, tiers=tiers),
        forms.MemberFilterForm(None, municipalities=[], tiers=[]),
        forms.MemberFilterForm(
            {
                "ar": "2020",
                "q": '<b>O\'Brien & "Søn"</b>',
                "field": "music",
                "municipality": "O'Brien & <Co>",
                "tier": "5000",
                "fee": "unpaid",
                "new": "on",
            },
            municipalities=MUNICIPALITIES,
            tiers=tiers,
        ),
        forms.MemberFilterForm({"ar": "2020", "fee": ""}, municipalities=MUNICIPALITIES, tiers=tiers),
    ]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_filter_form_is_cores_markup(language):
    with translation.override(language):
        for form in filter_forms():
            assert form.is_bound is False or form.is_valid()
            html, templates = rendered_by_templates(form)
            assert templates == 0
            assert html == core_markup(form)
            assert form.render() == html and form.__html__() == html


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_fee_and_payment_forms_are_cores_markup(language):
    FeeTierFactory(year=2020, amount=15000, description="Store <budsjett> & 'mer'")
    FeeTierFactory(year=2020, amount=5000, description="")
    with translation.override(language):
        made = [
            forms.FeeForm(year=2020),
            forms.FeeForm(year=2021),
            forms.FeeForm(year=2020, initial={"tier": 5000, "agreement": "Samarbeid\n<om> 'kurs' & \"mer\""}),
            forms.FeeForm({"tier": "15000", "agreement": ""}, year=2020),
            forms.PaymentForm(initial={"amount": 15000, "booked_on": date(2020, 3, 1)}),
            forms.PaymentForm(initial={"amount": None, "booked_on": date(2020, 3, 1)}),
            forms.PaymentForm({"amount": "1 500", "booked_on": "2020-03-01"}),
        ]
        for form in made:
            assert form.is_bound is False or form.is_valid()
            html, templates = rendered_by_templates(form)
            assert templates == 0
            assert html == core_markup(form)
    assert 'aria-hidden="true"' in str(made[4])  # a required field's mark


def test_a_form_with_errors_is_cores_markup():
    """The error summary and the fields with errors are core's own rendering, the others written here."""
    form = forms.MemberFilterForm({"ar": "abc", "fee": "bogus"}, municipalities=MUNICIPALITIES, tiers=[])
    assert not form.is_valid()
    html, templates = rendered_by_templates(form)
    assert 0 < templates < 7
    assert html == core_markup(form)
    for payment in (forms.PaymentForm({"amount": "", "booked_on": "x"}), forms.PaymentForm({"amount": "0"})):
        assert not payment.is_valid()
        assert str(payment) == core_markup(payment)


def test_every_form_of_the_members_pages_is_cores_markup(two_organisations):
    """The model forms (a select of organisations, of art fields), the contact log's search field, the
    application's radio buttons, a file field: each as core writes it, bound and not, valid or not."""
    member_organisation, other = two_organisations
    member = MemberFactory(organisation=member_organisation, left_reason="Flyttet <ut> & 'vekk'")
    FeeTierFactory(year=2020, amount=5000, description="Liten & 'ny'")
    FeeFactory(member=member, year=2020, kid="2020123")
    made = [
        forms.NewMemberForm(initial={"joined": date(2020, 1, 1)}),
        forms.NewMemberForm({"organisation": str(other.pk), "joined": "2020-01-01", "field": ""}),
        forms.NewMemberForm({"organisation": "", "joined": "x"}),
        forms.MemberForm(instance=member),
        forms.MemberForm({"joined": "2020-01-01", "left": "2019-01-01"}, instance=member),
        forms.ContactForm(year=2020),
        forms.ContactForm(year=2020, member=member),
        forms.ContactForm({"member": "Medlem", "date": "", "kind": "talk"}, year=2020),
        forms.ApplicationForm(year=2020),
        forms.ApplicationForm({"name": "<Ny> & 'AS'", "org_number": "12"}, year=2020),
        forms.DecisionForm(),
        forms.FeeYearForm(initial={"cutoff": date(2020, 11, 15), "decided": "Årsmøtet <28. mai>"}),
        forms.TierForm(),
        forms.TierForm({"amount": "-1", "description": "x" * 400}),
        forms.ClaimsForm(initial={"due_date": date(2020, 3, 1)}),
        forms.StatementForm(),
        forms.SupportingSignUpForm(),
        forms.SupportingSignUpForm({"name": "", "email": "ikke-epost", "municipality": "Ås"}),
        forms.PlacePaymentForm(fees=Fee.objects.all()),
    ]
    for language in ("nb", "en"):
        with translation.override(language):
            for form in made:
                form.is_valid()
                assert str(form) == core_markup(form), type(form).__name__


@pytest.fixture
def two_organisations():
    return OrganisationFactory(name="O'Brien & <Søn>"), OrganisationFactory(name='Ikke "medlem"')


class WithHidden(PlainFormMixin, StyledFormMixin, django_forms.Form):
    back = django_forms.CharField(widget=django_forms.HiddenInput, initial="/a?b=1&c='d'")
    note = django_forms.CharField(label="Note <i>", required=False, widget=django_forms.Textarea)
    when = django_forms.DateField(label="When", help_text="Day & month")
    back_too = django_forms.IntegerField(widget=django_forms.HiddenInput, initial=7)


class WithRadio(PlainFormMixin, StyledFormMixin, django_forms.Form):
    q = django_forms.CharField()
    choice = django_forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=django_forms.RadioSelect)


class WithGroups(PlainFormMixin, StyledFormMixin, django_forms.Form):
    choice = django_forms.ChoiceField(choices=[("Group", [("a", "A"), ("b", "B")]), ("c", "C")])


def test_hidden_fields_text_areas_and_what_is_not_plain():
    for form in (WithHidden(), WithHidden(initial={"note": "Linje 1\n<linje 2>"})):
        html, templates = rendered_by_templates(form)
        assert templates == 0
        assert html == core_markup(form)
    for form in (WithRadio(), WithGroups()):  # radio buttons, option groups: core's renderer
        html, templates = rendered_by_templates(form)
        assert templates > 0
        assert html == core_markup(form)
