"""Background work: requests only enqueue these (django-tasks; inline in development, db_worker in production)."""

from django_tasks import task

from notifications.mail import notification_mail_send


@task()
def send_notification_mails(notification_ids: list[int]) -> int:
    """Mail these notifications, each at most once: a retry after a failure sends only what did not go."""
    return sum(notification_mail_send(notification_id=pk) for pk in notification_ids)
