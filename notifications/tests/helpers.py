from django_tasks import TaskResult

from notifications.models import Notification
from notifications.tasks import send_notification_mails


def mail_task_for(notification: Notification) -> TaskResult:
    """Run the mail task of the event this notification belongs to, as the worker would."""
    return send_notification_mails.enqueue(
        content_type_id=notification.content_type_id, object_id=notification.object_id
    )
