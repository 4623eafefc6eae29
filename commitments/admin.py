from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from commitments.models import (
    Commitment,
    DepartmentReturn,
    DepartmentStatus,
    Figure,
    KeyFact,
    Metric,
    Phase,
    ReportingPeriod,
    Source,
)
from departments.access import led_departments, sees_every_department


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change is recorded with who, when, what changed and why, and can be reverted from its history."""

    history_list_display = ["changes", "history_change_reason"]

    @admin.display(description="What changed")
    def changes(self, record):
        previous = record.prev_record
        if previous is None:
            return "Created"
        delta = record.diff_against(previous)
        return "; ".join(f"{change.field}: {change.old!r} → {change.new!r}" for change in delta.changes) or "No change"


class DepartmentScopedAdmin(HistoryAdmin):
    """A department lead sees and changes only their own departments' records, in open periods.

    CDDO administrators and reviewers see every department (what they may do is set by their
    group's permissions). Anything outside a lead's scope is refused with 403, never shown.
    """

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_every_department(request.user):
            return queryset
        return queryset.filter(department__in=led_departments(request.user))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.model._default_manager.filter(pk=object_id).exists():
            raise PermissionDenied("This belongs to another department.")
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not sees_every_department(request.user):
            if db_field.name == "department":
                kwargs["queryset"] = led_departments(request.user)
                kwargs["required"] = True
            elif db_field.name == "period":
                kwargs["queryset"] = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or sees_every_department(request.user):
            return allowed
        return obj.period.is_open and (obj.department_return is None or obj.department_return.is_editable)

    # Fields only CDDO sets; a lead's entries always go through review.
    cddo_only_fields = ["department_return", "verified"]

    def get_exclude(self, request, obj=None):
        if sees_every_department(request.user):
            return super().get_exclude(request, obj)
        return self.cddo_only_fields

    def save_model(self, request, obj, form, change):
        if not sees_every_department(request.user):
            # A lead's change joins their department's return, so it is published only once approved.
            department_return, _ = DepartmentReturn.objects.get_or_create(department=obj.department, period=obj.period)
            if not department_return.is_editable:
                raise PermissionDenied("This return is with CDDO or approved, so it can't be changed.")
            obj.department_return = department_return
        reasons = [getattr(obj, "_change_reason", ""), form.cleaned_data.get("change_reason", "")]
        obj._change_reason = "; ".join(reason for reason in reasons if reason) or (
            "Changed in the admin" if change else "Added in the admin"
        )
        super().save_model(request, obj, form, change)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin):
    list_display = ["number", "short_title", "mission", "status_override"]
    list_filter = ["mission"]
    search_fields = ["short_title", "text"]
    inlines = [PhaseInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(HistoryAdmin):
    list_display = ["name", "as_at", "as_at_label", "state", "is_baseline"]
    list_filter = ["state"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published_label"]
    list_filter = ["kind"]


@admin.register(Metric)
class MetricAdmin(HistoryAdmin):
    list_display = ["name", "commitment", "unit", "target_value", "target_date", "scope", "is_headline"]
    list_filter = ["unit", "scope", "is_headline", "commitment__mission"]
    list_select_related = ["commitment"]
    search_fields = ["name", "slug"]


class ChangeReasonForm(forms.ModelForm):
    """An admin form that asks why, for the history."""

    change_reason = forms.CharField(
        required=False, max_length=200, help_text="Why you are making this change: kept in the history."
    )


class FigureForm(ChangeReasonForm):
    class Meta:
        model = Figure
        fields = [
            "metric",
            "period",
            "department",
            "value",
            "qualifier",
            "numerator",
            "denominator",
            "as_at",
            "source",
            "source_page",
            "note",
            "verified",
            "department_return",
            "revised_on",
            "revision_reason",
        ]

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period") or getattr(self.instance, "period", None)
        correcting = self.instance.pk and period is not None and period.is_locked and "value" in self.changed_data
        if correcting and not (cleaned.get("revision_reason") or "").strip():
            self.add_error("revision_reason", "A correction to a published figure needs a reason.")
        return cleaned

    def save(self, commit=True):
        figure = super().save(commit=False)
        if figure.pk and figure.period.is_locked and "value" in self.changed_data:
            figure.revised_on = timezone.localdate()
            figure._change_reason = f"Correction: {figure.revision_reason}"
        if commit:
            figure.save()
        return figure


@admin.register(Figure)
class FigureAdmin(DepartmentScopedAdmin):
    form = FigureForm
    cddo_only_fields = ["department_return", "verified", "revised_on", "revision_reason"]
    list_display = ["metric", "period", "department", "qualifier", "value", "verified", "source"]
    list_filter = ["verified", "period", "source__kind", "metric__commitment__mission"]
    list_select_related = ["metric", "period", "department", "source", "department_return"]
    search_fields = ["metric__name", "department__code", "note"]
    autocomplete_fields = ["metric"]


class DepartmentStatusForm(ChangeReasonForm):
    class Meta:
        model = DepartmentStatus
        fields = [
            "department",
            "commitment",
            "period",
            "state",
            "source",
            "source_page",
            "note",
            "verified",
            "department_return",
        ]


@admin.register(DepartmentStatus)
class DepartmentStatusAdmin(DepartmentScopedAdmin):
    form = DepartmentStatusForm
    list_display = ["department", "commitment", "state", "period", "verified"]
    list_filter = ["state", "verified", "period"]
    list_select_related = ["department", "commitment", "period", "department_return"]


@admin.register(KeyFact)
class KeyFactAdmin(HistoryAdmin):
    list_display = ["__str__", "mission", "commitment", "department", "period"]
    list_filter = ["mission", "period"]
    list_select_related = ["mission", "commitment", "department", "period"]
    search_fields = ["text"]


@admin.register(DepartmentReturn)
class DepartmentReturnAdmin(HistoryAdmin):
    list_display = ["department", "period", "state", "submitted_by", "submitted_at", "reviewed_by"]
    list_filter = ["state", "period"]
    list_select_related = ["department", "period", "submitted_by", "reviewed_by"]
    readonly_fields = ["submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
