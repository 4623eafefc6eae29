from django.contrib import admin

from commitments.models import (
    Commitment,
    DepartmentStatus,
    Figure,
    KeyFact,
    Metric,
    Phase,
    ReportingPeriod,
    Source,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title", "mission"]
    list_filter = ["mission"]
    search_fields = ["short_title", "text"]
    inlines = [PhaseInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "as_at", "as_at_label", "published_label", "is_baseline"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published_label"]
    list_filter = ["kind"]


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["name", "commitment", "unit", "target_value", "target_date", "scope", "is_headline"]
    list_filter = ["unit", "scope", "is_headline", "commitment__mission"]
    list_select_related = ["commitment"]
    search_fields = ["name", "slug"]


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["metric", "period", "department", "qualifier", "value", "verified", "source"]
    list_filter = ["verified", "period", "source__kind", "metric__commitment__mission"]
    list_select_related = ["metric", "period", "department", "source"]
    search_fields = ["metric__name", "department__code", "note"]
    autocomplete_fields = ["metric", "department"]


@admin.register(KeyFact)
class KeyFactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mission", "commitment", "department", "period"]
    list_filter = ["mission", "period"]
    list_select_related = ["mission", "commitment", "department", "period"]
    search_fields = ["text"]


@admin.register(DepartmentStatus)
class DepartmentStatusAdmin(admin.ModelAdmin):
    list_display = ["department", "commitment", "state", "period", "verified"]
    list_filter = ["state", "verified", "period"]
    list_select_related = ["department", "commitment", "period"]
