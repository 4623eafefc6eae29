from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commitments"

    def ready(self):
        from django.core.signals import request_finished

        from commitments import models, publication
        from departments.models import Department
        from missions.models import Mission
        from roadmap_site import release
        from roadmap_site.page_cache import connect_invalidation, data_committed

        release.current_release()

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
        data_committed.connect(publication.mark_changed, dispatch_uid="publication-mark-changed")
        request_finished.connect(publication.publish_after_response, dispatch_uid="publication-after-response")
