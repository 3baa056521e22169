from django.apps import AppConfig

from reviewhub.cache import invalidate_on_write


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"

    def ready(self) -> None:
        # Review cards, film scores and helpful counts show these: any write to them reaches the caches.
        invalidate_on_write(self.get_model("Review"), self.get_model("HelpfulVote"), self.get_model("ScoreProtection"))
        # A logged or deleted watch can move a protected film's counted score too: watchlog's own
        # registration of Watch (its user and film) already covers it.
