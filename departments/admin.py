from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from departments.models import Department, DepartmentMembership


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["code"]}
    filter_horizontal = ["combines"]


@admin.register(DepartmentMembership)
class DepartmentMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "department"]
    list_select_related = ["user", "department"]
    autocomplete_fields = ["department"]
