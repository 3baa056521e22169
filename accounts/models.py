from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from accounts.usernames import FORMER_MEMBER_PREFIX, skeleton
from reviewhub.images import ImageUploadField

# How readers see the author of what an account that was deleted left behind.
FORMER_MEMBER = "a former member"


class User(AbstractUser):
    """ReviewHub account; custom from the first migration so it can grow."""

    bio = models.TextField(blank=True, max_length=1000)
    # Shown on the profile beside the username, which stays the name in lists and threads.
    display_name = models.CharField(max_length=100, blank=True)
    avatar = ImageUploadField(upload_to="avatars/", blank=True, square_setting="REVIEWHUB_AVATAR_SIZE")
    # The username's look-alike key (accounts.usernames.skeleton), indexed so sign-up can refuse a look-alike.
    username_skeleton = models.CharField(max_length=600, blank=True, editable=False, db_index=True)

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="accounts_user_email_unique_ci"
            ),
        ]

    def __str__(self) -> str:
        return self.username

    def save(self, *args, **kwargs) -> None:
        """Keep the look-alike key in step with the username (a derived field of the same row)."""
        self.username_skeleton = skeleton(self.username)[:600]
        if kwargs.get("update_fields") is not None and "username" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "username_skeleton"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("pages:profile", kwargs={"username": self.username})

    @property
    def is_former_member(self) -> bool:
        """An account its owner deleted (accounts.services.user_anonymise).

        Read from the username, which every list of reviews and comments already loads, so showing
        "a former member" costs no column or query; sign-up keeps the prefix for these accounts.
        """
        return self.username.startswith(FORMER_MEMBER_PREFIX)

    @property
    def public_name(self) -> str:
        """The name readers see for the author of a review or comment."""
        return FORMER_MEMBER if self.is_former_member else self.username
