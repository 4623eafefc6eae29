"""Saving a department's return and moving it through review: draft, submitted, approved or returned."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commitments.models import DepartmentReturn, Figure, Source
from missions.models import DataVersion

RETURNS_SOURCE = {
    "slug": "department-returns",
    "title": "Six-monthly returns from departments to CDDO",
    "publisher": "Central Digital and Data Office (Cabinet Office)",
    "kind": Source.Kind.PRIMARY,
}


def returns_source():
    source, _ = Source.objects.get_or_create(slug=RETURNS_SOURCE["slug"], defaults=RETURNS_SOURCE)
    return source


@transaction.atomic
def save_return(department_return, entries, user, *, submit):
    """Save every figure of a return at once, or none: a database refusal rolls the whole return back.

    ``entries`` yields (metric, value, denominator, note); a blank value removes the figure.
    """
    if department_return.pk is None:
        # Two saves of a return not started yet race to create it: the second takes the first's
        # rather than failing on the one-return-per-department-and-period constraint.
        department_return, _ = DepartmentReturn.objects.get_or_create(
            department=department_return.department, period=department_return.period
        )
    hold(department_return)
    if not department_return.is_editable:
        raise ValidationError("This return can't be changed now: the period is closed or CDDO has it.")
    department_return.save()
    source = returns_source()
    for metric, value, denominator, note in entries:
        figure = Figure.objects.filter(
            metric=metric, period=department_return.period, department=department_return.department
        ).first()
        if value is None:
            if figure is not None:
                figure.delete()
            continue
        figure = figure or Figure(
            metric=metric, period=department_return.period, department=department_return.department
        )
        figure.value = value
        figure.denominator = denominator
        figure.numerator = value if denominator is not None else None
        figure.note = note
        figure.source = source
        figure.source_page = ""
        figure.verified = True
        figure.department_return = department_return
        figure._change_reason = f"Entered in the {department_return.department.code} return by {user}"
        try:
            figure.full_clean()
        except ValidationError as error:
            raise ValidationError(f"{metric.name}: {' '.join(error.messages)}") from error
        figure.save()
    if submit:
        department_return.state = DepartmentReturn.State.SUBMITTED
        department_return.submitted_by = user
        department_return.submitted_at = timezone.now()
        department_return._change_reason = "Submitted for review"
        department_return.save()
    return department_return


@transaction.atomic
def approve(department_return, user):
    hold(department_return)
    _require_submitted(department_return)
    department_return.state = DepartmentReturn.State.APPROVED
    department_return.review_comment = ""
    _record_review(department_return, user, "Approved and published")


@transaction.atomic
def send_back(department_return, user, comment):
    hold(department_return)
    _require_submitted(department_return)
    department_return.state = DepartmentReturn.State.RETURNED
    department_return.review_comment = comment
    _record_review(department_return, user, f"Returned for changes: {comment}")


def hold(department_return):
    """Lock the return for the caller's transaction and read it again, so that a save or review
    committed since it was loaded is seen rather than overwritten (a draft saved over an approval).
    The data version is locked first, as every writer locks it (``DataVersion.objects.lock``)."""
    DataVersion.objects.lock()
    list(DepartmentReturn.objects.select_for_update().filter(pk=department_return.pk).values_list("pk"))
    department_return.refresh_from_db()


def _require_submitted(department_return):
    if department_return.state != DepartmentReturn.State.SUBMITTED:
        raise ValidationError(
            f"Only a submitted return can be reviewed; this one is {department_return.get_state_display().lower()}."
        )


def _record_review(department_return, user, reason):
    department_return.reviewed_by = user
    department_return.reviewed_at = timezone.now()
    department_return._change_reason = reason
    department_return.full_clean()
    department_return.save()
