"""Who is an administrator: sees tracebacks, receives alerts.

An administrator is an active superuser or an active member of the group
``ADMINISTRATORS_GROUP`` ("Administratorzy", created by `operators.roles`); any other staff
user sees the pages their permissions allow, without the details of log entries.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from operators.roles import ADMINISTRATORS_GROUP

__all__ = ["ADMINISTRATORS_GROUP", "administrator_emails", "is_administrator"]


def is_administrator(user) -> bool:
    """True for an active superuser or an active member of `ADMINISTRATORS_GROUP`."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_syncadmin_is_administrator", None)
    if cached is None:
        cached = user.groups.filter(name=ADMINISTRATORS_GROUP).exists()
        user._syncadmin_is_administrator = cached
    return cached


def administrator_emails() -> list[str]:
    """The e-mail addresses of every active administrator that has one, sorted, no repeats."""
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__name=ADMINISTRATORS_GROUP)
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})
