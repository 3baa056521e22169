from comments import services
from comments.models import Comment
from conftest import make_user
from moderation.models import Status


def make_comment(**overrides) -> Comment:
    """An approved comment (or reply, with parent=...), posted through the service."""
    if "author" not in overrides:
        overrides["author"] = make_user()
    overrides.setdefault("body", "I agree with this review.")
    approve = overrides.pop("approve", True)
    comment = services.comment_create(**overrides)
    if approve and comment.status != Status.APPROVED:
        Comment.objects.filter(pk=comment.pk).update(status=Status.APPROVED)
        comment.status = Status.APPROVED
    return comment
