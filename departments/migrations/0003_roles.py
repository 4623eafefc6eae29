"""Create the three roles as groups with their permissions; reversing removes them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROADMAP_APPS = ["missions", "commitments", "departments"]
ROADMAP_MODELS = {
    "missions": ["mission"],
    "commitments": [
        "reportingperiod",
        "source",
        "commitment",
        "phase",
        "metric",
        "figure",
        "keyfact",
        "departmentstatus",
        "departmentreturn",
    ],
    "departments": ["department", "departmentmembership"],
}
LEAD_EDITS = {"commitments": ["figure", "departmentstatus"]}


def view_permissions():
    return [(app, f"view_{model}") for app, models in ROADMAP_MODELS.items() for model in models]


ROLES = {
    "CDDO administrator": "everything",
    "Department lead": view_permissions()
    + [(app, f"{action}_{model}") for app, models in LEAD_EDITS.items() for model in models for action in ("add", "change")],
    "Reviewer": view_permissions(),
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, spec in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if spec == "everything":
            permissions = Permission.objects.filter(content_type__app_label__in=[*ROADMAP_APPS, "auth", "axes"])
        else:
            permissions = [
                Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in spec
            ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
        ("commitments", "0004_figure_revised_on_figure_revision_reason_and_more"),
        ("departments", "0002_historicaldepartment_departmentmembership"),
        ("missions", "0002_historicalmission"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
