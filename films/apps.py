from django.apps import AppConfig

from reviewhub.cache import invalidate_on_write


class FilmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "films"

    def ready(self) -> None:
        film = self.get_model("Film")
        # Film pages, the catalogue and search show all of these: any write to them reaches the caches.
        invalidate_on_write(
            film, film.genres.through, self.get_model("Genre"), self.get_model("Person"), self.get_model("Credit")
        )
