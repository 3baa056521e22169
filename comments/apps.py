from django.apps import AppConfig

from reviewhub.cache import invalidate_on_write


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"

    def ready(self) -> None:
        # Threads show comments; reports only change what readers see through a status, which is a comment write.
        invalidate_on_write(self.get_model("Comment"))
