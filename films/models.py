from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from reviewhub.images import ImageUploadField


class Genre(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('films:list')}?genre={self.slug}"


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('pages:search')}?q={self.name}"


class FilmQuerySet(models.QuerySet):
    def with_genres(self) -> "FilmQuerySet":
        return self.prefetch_related("genres")

    def for_page(self) -> "FilmQuerySet":
        """Films with what their page shows: genres by name, credits (with their people) in billing order."""
        credits = Credit.objects.select_related("person").order_by("role", "order", "id")
        return self.prefetch_related(
            models.Prefetch("genres", queryset=Genre.objects.order_by("name")),
            models.Prefetch("credits", queryset=credits),
        )


class Film(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, help_text="Used in the film's address, e.g. her-2013.")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1870), MaxValueValidator(2100)])
    certificate = models.CharField(max_length=10, blank=True, help_text="Age rating, e.g. R or PG-13.")
    runtime_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    synopsis = models.TextField(blank=True)
    # Checked, re-encoded, metadata-free copies under random names (reviewhub/images.py).
    poster = ImageUploadField(upload_to="posters/", blank=True)
    genres = models.ManyToManyField(Genre, related_name="films", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FilmQuerySet.as_manager()

    class Meta:
        ordering = ["title", "year"]
        # The catalogue's title and year orders, so a page of it is read in order instead of sorted.
        indexes = [
            models.Index(fields=["title", "year", "id"], name="film_title_order_idx"),
            models.Index(fields=["-year", "title", "id"], name="film_year_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1870, year__lte=2100), name="films_film_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(f"{self.title} {self.year}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("films:detail", kwargs={"slug": self.slug})


class Credit(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        CAST = "cast", "Cast"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=10, choices=Role)
    character = models.CharField(max_length=200, blank=True, help_text="For cast credits.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["film", "role", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["film", "person", "role", "character"], name="films_credit_unique"),
        ]
        indexes = [
            models.Index(fields=["film", "role", "order"], name="credit_film_role_idx"),
        ]

    def __str__(self) -> str:
        suffix = f" as {self.character}" if self.character else ""
        return f"{self.person} — {self.get_role_display()}{suffix}"
