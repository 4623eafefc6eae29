from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from simple_history.models import HistoricalRecords


@lru_cache(maxsize=1024)
def _department_url(slug, script_prefix, urlconf):
    # reverse() takes about 35 µs, and the department tables link every one of hundreds of rows.
    # It reads the script prefix and URLconf itself; they are in the key so that a cached address
    # is never one built under others.
    return reverse("departments:detail", args=[slug], urlconf=urlconf)


class DepartmentQuerySet(models.QuerySet):
    def for_index(self, period):
        """Departments with how many figures and statuses each has for ``period``."""
        return (
            self.select_related("parent")
            .annotate(
                figure_count=Count(
                    "figures",
                    filter=Q(figures__period=period)
                    & (Q(figures__department_return__isnull=True) | Q(figures__department_return__state="approved")),
                    distinct=True,
                ),
                status_count=Count(
                    "statuses",
                    filter=Q(statuses__period=period)
                    & (Q(statuses__department_return__isnull=True) | Q(statuses__department_return__state="approved")),
                    distinct=True,
                ),
            )
            .order_by("code")
        )

    def for_detail(self):
        return self.select_related("parent").prefetch_related("children", "combines", "reported_within")


class Department(models.Model):
    class Kind(models.TextChoices):
        MINISTERIAL = "ministerial", "Ministerial department"
        NON_MINISTERIAL = "non_ministerial", "Non-ministerial department"
        AGENCY = "agency", "Agency or arm's-length body"
        DEVOLVED = "devolved", "Devolved administration"
        JOINT_REPORTING = "joint", "Departments reported together"

    code = models.CharField(max_length=20, help_text="The short name the report uses, such as DWP or DESNZ/DSIT.")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The home department of an agency or arm's-length body.",
    )
    combines = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="reported_within",
        help_text="For a joint reporting unit, the departments whose figures it reports together.",
    )
    reporting_note = models.TextField(blank=True, help_text="What the report's annex says of this department's scope.")
    history = HistoricalRecords()

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="department_code_unique",
                violation_error_message="A department with this code already exists.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                name="department_slug_unique",
                violation_error_message="A department with this slug already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="department_not_own_parent",
                violation_error_message="A department cannot be its own parent.",
            ),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return _department_url(self.slug, get_script_prefix(), get_urlconf())

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A department cannot be its own parent."})


class DepartmentMembership(models.Model):
    """Ties a department lead to the department (or departments) whose returns they enter."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="department_memberships")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        ordering = ["department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"],
                name="membership_unique_per_user_department",
                violation_error_message="This person is already a member of this department.",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.department.code}"
