import uuid

from conftest import make_user
from films.tests.factories import make_film
from reviews import services
from reviews.models import Review


def make_review(**overrides) -> Review:
    """A visible review, written through the service as a user would."""
    if "film" not in overrides:
        overrides["film"] = make_film()
    if "author" not in overrides:
        overrides["author"] = make_user()
    overrides.setdefault("title", f"Review {uuid.uuid4().hex[:6]}")
    overrides.setdefault("body", "A thoughtful review.\n\nWith two paragraphs.")
    overrides.setdefault("rating", 8)
    return services.review_create(**overrides)
