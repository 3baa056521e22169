"""Background work: requests only enqueue these (django-tasks; inline in development, db_worker in production)."""

from django_tasks import task

from notifications.mail import target_mails_send


@task()
def send_notification_mails(content_type_id: int, object_id: int) -> int:
    """Mail one event's notifications, each at most once: a retry after a failure sends only what did not go."""
    return target_mails_send(content_type_id=content_type_id, object_id=object_id)
