"""factory_boy factories shared by all tests."""

import factory
from django.utils import timezone

from balanse.core.models import User
from balanse.organisations.models import ArtField, Membership, Organisation, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="no_NO")
    date_joined = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        if extracted:
            self.set_password(extracted)
        else:
            self.set_unusable_password()
        if create:
            self.save(update_fields=["password"])


class OperatorFactory(UserFactory):
    is_staff = True
    email = factory.Sequence(lambda n: f"staff{n}@balansekunst.example")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testteater {n}")
    municipality = "Oslo"

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.art_fields.set(ArtField.objects.filter(code__in=extracted))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER


def make_org_admin(organisation=None, **kwargs) -> User:
    membership = MembershipFactory(
        role=Role.ADMIN, organisation=organisation or OrganisationFactory(), **kwargs
    )
    return membership.user


def make_org_member(organisation=None, **kwargs) -> User:
    membership = MembershipFactory(
        role=Role.MEMBER, organisation=organisation or OrganisationFactory(), **kwargs
    )
    return membership.user


def make_learner(organisation=None, **kwargs) -> User:
    """A learner: enrolled in the default course through an organisation, with no membership in it."""
    from balanse.course.models import Course, Enrollment

    user = UserFactory(**kwargs)
    Enrollment.objects.create(
        course=Course.objects.get(slug="trygt-kulturliv"),
        organisation=organisation or OrganisationFactory(),
        user=user,
    )
    return user
