from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commitments"

    def ready(self):
        from commitments import models
        from departments.models import Department
        from missions.models import Mission
        from roadmap_site.page_cache import connect_invalidation

        connect_invalidation(
            [
                Mission,
                Department,
                models.Commitment,
                models.Phase,
                models.Metric,
                models.Figure,
                models.KeyFact,
                models.DepartmentStatus,
                models.DepartmentReturn,
                models.ReportingPeriod,
                models.Source,
            ]
        )
