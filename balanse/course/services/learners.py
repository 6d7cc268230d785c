"""A learner going through the course: steps done, quizzes, reflections and cases, completion."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.models import User
from balanse.course.models import Course, Enrollment, Reflection, Step, StepCompletion


def _enrollments(user: User, course: Course):
    return Enrollment.objects.filter(user=user, course=course)


@transaction.atomic
def complete_step(*, user: User, course: Course, step: Step) -> bool:
    """Record that a learner has done a step. Returns True the first time."""
    _, created = StepCompletion.objects.get_or_create(user=user, course=course, step_key=step.key)
    now = timezone.now()
    _enrollments(user, course).filter(started_at__isnull=True).update(started_at=now)
    if created:
        keys = set(Step.objects.filter(module__version=step.module.version).values_list("key", flat=True))
        done = set(
            StepCompletion.objects.filter(user=user, course=course, step_key__in=keys).values_list(
                "step_key", flat=True
            )
        )
        if done >= keys:
            updated = _enrollments(user, course).filter(completed_at__isnull=True).update(completed_at=now)
            if updated:
                audit.record(actor=user, action="course.completed", obj=course)
    return created


def check_quiz(*, step: Step, answers: dict[str, list[str]]) -> list[dict]:
    """Feedback for each question: the chosen options with their feedback, and whether it was right.
    Answers are not stored."""
    results = []
    for question in step.data.get("questions", []):
        chosen = set(answers.get(question["key"], []))
        correct = {o["key"] for o in question["options"] if o.get("correct")}
        results.append(
            {
                "question": question,
                "right": chosen == correct,
                "chosen": [o for o in question["options"] if o["key"] in chosen],
            }
        )
    return results


def quiz_outcome(*, step: Step, results: list[dict]) -> dict:
    """The score in percent, the quiz's pass mark and whether the quiz counts as done. Without a pass mark
    every question must be answered right (the feedback next to each question says what to fix, and the
    learner may try again as often as they like); a quiz's settings may set a lower `pass_mark`."""
    right = sum(r["right"] for r in results)
    score = round(100 * right / len(results)) if results else 100
    pass_mark = step.data.get("pass_mark")
    passed = score >= pass_mark if pass_mark is not None else right == len(results)
    return {"score": score, "pass_mark": pass_mark, "passed": passed, "right": right, "total": len(results)}


@transaction.atomic
def submit_quiz(*, user: User, course: Course, step: Step, answers: dict[str, list[str]]) -> list[dict]:
    """Check the answers; the step is complete when every answer is right, or, if the quiz sets a pass mark,
    when enough answers are right. Answers are not stored."""
    results = check_quiz(step=step, answers=answers)
    if quiz_outcome(step=step, results=results)["passed"]:
        complete_step(user=user, course=course, step=step)
    return results


@transaction.atomic
def save_reflection(*, user: User, course: Course, step: Step, text: str) -> Reflection:
    reflection, _ = Reflection.objects.update_or_create(
        user=user, course=course, step_key=step.key, defaults={"text": text}
    )
    complete_step(user=user, course=course, step=step)
    return reflection


def case_node(step: Step, key: str | None) -> dict | None:
    nodes = {n["key"]: n for n in step.data.get("nodes", [])}
    return nodes.get(key or step.data.get("start"))


@transaction.atomic
def choose_in_case(
    *, user: User, course: Course, step: Step, node_key: str, choice_key: str
) -> tuple[dict, dict]:
    """Follow a choice. Returns (choice, next node); reaching an ending completes the step."""
    node = case_node(step, node_key)
    choice = next((c for c in (node or {}).get("choices", []) if c["key"] == choice_key), None)
    if node is None or choice is None:
        raise ValidationError(_("That choice is no longer available. Start the case again."), code="stale")
    following = case_node(step, choice["next"])
    if following is None:
        raise ValidationError(_("That choice is no longer available. Start the case again."), code="stale")
    _enrollments(user, course).filter(started_at__isnull=True).update(started_at=timezone.now())
    if following.get("ending"):
        complete_step(user=user, course=course, step=step)
    return choice, following
