"""django-axes' sign-in records in the admin, with date drill-downs that answer a bad date with ?e=1."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from reviewhub.admin_dates import DateCheckedChangeListMixin


@admin.register(AccessAttempt)
class SignInAttemptAdmin(DateCheckedChangeListMixin, AccessAttemptAdmin):
    pass


@admin.register(AccessLog)
class SignInLogAdmin(DateCheckedChangeListMixin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class SignInFailureLogAdmin(DateCheckedChangeListMixin, AccessFailureLogAdmin):
    pass
