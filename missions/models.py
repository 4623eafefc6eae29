from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class MissionQuerySet(models.QuerySet):
    def for_dashboard(self, period, status_only=False):
        """Missions with their commitments, each ready for its status as at ``period``
        (see ``MetricQuerySet.for_dashboard`` for ``status_only``)."""
        # Imported here because commitments' models import this module.
        from commitments.models import Commitment

        commitments = Commitment.objects.for_dashboard(period, shared_relations=True, status_only=status_only)
        return self.prefetch_related(Prefetch("commitments", queryset=commitments, to_attr="dashboard_commitments"))


class Mission(models.Model):
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    sponsor_name = models.CharField(max_length=200)
    sponsor_role = models.CharField(max_length=300)
    sponsor_quote = models.TextField()
    source_page = models.CharField(max_length=20, help_text="Page or pages of the source report.")
    history = HistoricalRecords()

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="mission_number_unique",
                violation_error_message="A mission with this number already exists.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="mission_number_positive",
                violation_error_message="Mission numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"Mission {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("missions:detail", args=[self.number])
