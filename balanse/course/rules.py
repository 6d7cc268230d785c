"""Who may do what in the online course."""

import rules

from balanse.core.rules import is_operator
from balanse.course.queries import enrolled_course_ids
from balanse.organisations.queries import is_admin_of, is_admin_of_any

is_org_admin = rules.predicate(is_admin_of, name="is_org_admin")


@rules.predicate
def is_enrolled(user, course) -> bool:
    """Through any organisation (the person's courses are read once per request, and answer the menu's "My
    course" too)."""
    if not user or not user.is_authenticated or course is None:
        return False
    return course.pk in enrolled_course_ids(user)


@rules.predicate
def is_admin_of_an_organisation(user) -> bool:
    """An organisation's administrator may open any published course as a learner would, to know what
    they invite their people to (their own progress is kept; they are not counted unless enrolled)."""
    if not user or not user.is_authenticated:
        return False
    return is_admin_of_any(user)  # the person's roles, read once per request (the menu asks them too)


rules.add_perm("course.manage_courses", is_operator)
# The operator first: answered without a query.
rules.add_perm("course.take_course", is_operator | is_enrolled | is_admin_of_an_organisation)
# Object: an organisation.
rules.add_perm("course.manage_learners", is_operator | is_org_admin)
rules.add_perm("course.schedule_meeting", is_operator)
