from django.apps import AppConfig


class ReviewhubConfig(AppConfig):
    """The project package as an app, for its shared template tags and static files."""

    name = "reviewhub"
    verbose_name = "ReviewHub"

    def ready(self) -> None:
        """Register the project's deployment checks."""
        from reviewhub import checks  # noqa: F401
