from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from missions.models import Mission


@admin.register(Mission)
class MissionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "sponsor_name"]
