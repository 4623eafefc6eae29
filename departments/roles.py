"""The three roles, as Django groups created by migration departments.0003_roles."""

CDDO_ADMINISTRATOR = "CDDO administrator"
DEPARTMENT_LEAD = "Department lead"
REVIEWER = "Reviewer"


def has_role(user, role):
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=role).exists())


def is_cddo_administrator(user):
    return has_role(user, CDDO_ADMINISTRATOR)
