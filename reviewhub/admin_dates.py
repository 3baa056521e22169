"""Admin changelists whose date drill-down answers a bad date with Django's "invalid lookup" redirect, not a 500.

Django's date_hierarchy filter turns `?created_at__year=99999999999` (or year 9999, whose next year does
not exist) into an OverflowError or a ValueError outside its own checks. Every admin with a
date_hierarchy takes `DateCheckedChangeListMixin`.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest


class DateCheckedChangeList(ChangeList):
    """A ChangeList whose filters report an impossible date as wrong lookup parameters."""

    def get_filters(self, request: HttpRequest):
        """Django's filters, with an out-of-range date turned into IncorrectLookupParameters (the ?e=1 redirect)."""
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class DateCheckedChangeListMixin:
    """For ModelAdmins with a date_hierarchy: a bad year, month or day redirects to ?e=1 instead of failing."""

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return DateCheckedChangeList
