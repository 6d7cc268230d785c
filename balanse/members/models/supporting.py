"""Supporting members (støttemedlemmer): people who support Balansekunst."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from balanse.members.models.members import in_year

# What is left of the name of someone who left: it says nothing about the person, and keeps the row apart
# from the others in the register file.
ERASED_NAME = "(slettet #{pk})"


class SupportingMemberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(joined__isnull=False)

    def of_year(self, year: int):
        return self.filter(in_year(year))

    def new_in(self, year: int):
        return self.filter(joined__year=year)


class SupportingMember(models.Model):
    """A supporting member. `joined` is set when the person confirms the e-mail address (double opt-in) or the
    staff import them; leaving sets `left` and erases name, e-mail and municipality, so past years still count.
    """

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)
    fee = models.PositiveIntegerField(_("fee per year (kroner)"), null=True, blank=True)
    created = models.DateTimeField(_("signed up"), auto_now_add=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = SupportingMemberQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("supporting member")
        verbose_name_plural = _("supporting members")
        indexes = [models.Index(Lower("email"), name="members_support_email_lower")]  # a person's data
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="unique_supporting_member_email",
                violation_error_message=_("A supporting member with this e-mail address already exists."),
            )
        ]

    def __str__(self):
        # Never the name: this goes into the audit log, which outlives the person's data.
        return f"#{self.pk}"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None
