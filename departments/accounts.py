"""Creating accounts for the three roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from departments.models import Department, DepartmentMembership
from departments.roles import CDDO_ADMINISTRATOR, DEPARTMENT_LEAD, REVIEWER

ROLES = {"cddo-admin": CDDO_ADMINISTRATOR, "lead": DEPARTMENT_LEAD, "reviewer": REVIEWER}


@transaction.atomic
def create_account(username, password, role, department_codes=(), email=""):
    """A staff account in one role; a lead is tied to their departments. Raises ValidationError on a weak password."""
    if role == "lead" and not department_codes:
        raise ValueError("A department lead needs at least one department.")
    departments = [Department.objects.get(code=code) for code in department_codes]
    user_model = get_user_model()
    user = user_model(username=username, email=email, is_staff=True)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=ROLES[role]))
    for department in departments:
        DepartmentMembership.objects.create(user=user, department=department)
    return user
