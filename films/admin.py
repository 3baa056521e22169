"""The film catalogue, for staff with film permissions (the Moderators group has none)."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from films.models import Credit, Film, Genre, Person


class CreditInline(admin.TabularInline):
    model = Credit
    fields = ("role", "person", "character", "order")
    autocomplete_fields = ("person",)
    extra = 1
    ordering = ("role", "order", "id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Credit]:
        return super().get_queryset(request).select_related("person")


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "certificate", "runtime_minutes", "genre_list", "has_poster")
    list_filter = ("year", "genres", "certificate")
    search_fields = ("title", "slug", "credits__person__name")
    prepopulated_fields = {"slug": ("title", "year")}
    filter_horizontal = ("genres",)
    readonly_fields = ("poster_preview", "created_at")
    fieldsets = (
        (None, {"fields": ("title", "year", "slug")}),
        ("Details", {"fields": ("certificate", "runtime_minutes", "genres", "synopsis")}),
        ("Poster", {"fields": ("poster", "poster_preview")}),
        ("Record", {"fields": ("created_at",)}),
    )
    inlines = (CreditInline,)
    ordering = ("title", "year")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Film]:
        return super().get_queryset(request).prefetch_related("genres")

    @admin.display(description="genres")
    def genre_list(self, film: Film) -> str:
        return ", ".join(genre.name for genre in film.genres.all())

    @admin.display(description="poster", boolean=True)
    def has_poster(self, film: Film) -> bool:
        return bool(film.poster)

    @admin.display(description="poster preview")
    def poster_preview(self, film: Film) -> str:
        if not film.poster:
            return "No poster yet: the site shows a generated placeholder."
        return format_html('<img src="{}" alt="Poster of {}" width="160" loading="lazy">', film.poster.url, film.title)


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "film_count")
    search_fields = ("name",)
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Genre]:
        return super().get_queryset(request).annotate(film_count=Count("films"))

    @admin.display(description="films", ordering="film_count")
    def film_count(self, genre: Genre) -> int:
        return genre.film_count


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "credit_count")
    search_fields = ("name",)
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).annotate(credit_count=Count("credits"))

    @admin.display(description="credits", ordering="credit_count")
    def credit_count(self, person: Person) -> int:
        return person.credit_count


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ("film", "role", "person", "character", "order")
    list_filter = ("role",)
    search_fields = ("film__title", "person__name", "character")
    list_select_related = ("film", "person")
    autocomplete_fields = ("film", "person")
    ordering = ("film__title", "role", "order")
