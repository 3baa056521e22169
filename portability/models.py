from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone


class DataExport(models.Model):
    """A reader's "Download my data" archive: built in the background, private, deleted when it expires."""

    class State(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    # Name inside the private storage (portability.storage), never under MEDIA_ROOT.
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expires_at"], name="dataexport_expires_idx")]

    def __str__(self) -> str:
        return f"Data export {self.pk} of {self.user} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portability:export")

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class ImportJob(models.Model):
    """One Letterboxd upload: its parsed rows wait here for the reader's confirmation, then the import's progress.

    The preview writes nothing else: films, reviews and watches change only once the reader confirms.
    """

    class State(models.TextChoices):
        PREVIEW = "preview", "Waiting for your confirmation"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped by an error"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    source_name = models.CharField(max_length=200, help_text="The uploaded file names.")
    state = models.CharField(max_length=10, choices=State, default=State.PREVIEW)
    # portability.letterboxd.Row dicts, in import order, with the film each matched.
    rows = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    # Rows that were not imported and can be fixed: each row's cells plus the reason.
    failed_rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed__lte=models.F("total")), name="portability_job_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.source_name} by {self.user} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portability:import-detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.processed * 100 // self.total

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class UnmatchedFilm(models.Model):
    """A film readers tried to import that the catalogue lacks: staff's "films to add" (readers never add films)."""

    title = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Lower-cased title: one entry whatever the case readers typed.
    title_key = models.CharField(max_length=200, editable=False)
    requested_by = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen", "title"]
        verbose_name = "film to add"
        verbose_name_plural = "films to add"
        constraints = [
            # A title without a year is one entry too; COALESCE works on both databases, where
            # nulls_distinct=False has no SQLite equivalent.
            models.UniqueConstraint(
                "title_key", Coalesce("year", models.Value(0)), name="portability_unmatched_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs) -> None:
        self.title_key = self.title.casefold()[:200]
        super().save(*args, **kwargs)


class WordPressImport(models.Model):
    """A staff member's import of a WordPress (WXR) file, kept with its report."""

    blog_name = models.CharField(max_length=200)
    blog_url = models.CharField(max_length=200)
    file_name = models.CharField(max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "WordPress import"

    def __str__(self) -> str:
        return f"{self.blog_name or self.blog_url} ({self.created_at:%Y-%m-%d %H:%M})"


class WordPressItem(models.Model):
    """Where a blog's post or comment landed, so importing the same blog again updates instead of duplicating."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        COMMENT = "comment", "Comment"
        AUTHOR = "author", "Author"

    blog_url = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind)
    # The post or comment id; for authors, a digest of their login or e-mail (never the address itself).
    remote_id = models.CharField(max_length=100)
    review = models.ForeignKey("reviews.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey("comments.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["blog_url", "kind", "remote_id"]
        constraints = [
            models.UniqueConstraint(fields=["blog_url", "kind", "remote_id"], name="portability_wordpress_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.blog_url} {self.kind} {self.remote_id}"
