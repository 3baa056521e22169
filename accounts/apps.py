from django.apps import AppConfig

from reviewhub.cache import invalidate_on_write


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        # Profiles, review cards and threads show these fields of an account; a sign-in's last_login is not content.
        invalidate_on_write(
            self.get_model("User"),
            fields={"username", "display_name", "bio", "avatar", "is_active", "date_joined"},
        )
