"""Review and vote forms: which fields exist, and the error codes bad input gets."""

import pytest
from django.core.exceptions import ValidationError

from comments.forms import CommentForm
from reviewhub.forms import add_service_error
from reviews.forms import ReviewForm, VoteForm

# A ModelForm checks the model's CHECK constraints, which Django evaluates with a tiny query.
pytestmark = pytest.mark.django_db


def review_data(**overrides) -> dict:
    data = {"title": "Tender", "rating": "8", "body": "A film about loneliness."}
    data.update(overrides)
    return data


def error_codes(form, field: str) -> list[str]:
    return [error.code for error in form.errors.as_data()[field]]


class TestReviewForm:
    def test_exposes_only_what_the_writer_chooses(self):
        assert list(ReviewForm().fields) == ["title", "rating", "contains_spoilers", "body"]

    def test_valid_with_a_rating(self):
        form = ReviewForm(review_data(contains_spoilers="on"))

        assert form.is_valid(), form.errors
        assert form.cleaned_data == {
            "title": "Tender",
            "rating": 8,
            "contains_spoilers": True,
            "body": "A film about loneliness.",
        }

    def test_no_rating_is_none(self):
        form = ReviewForm(review_data(rating=""))

        assert form.is_valid()
        assert form.cleaned_data["rating"] is None

    @pytest.mark.parametrize("rating", ["0", "11", "-1", "7.5", "ten"])
    def test_rating_outside_1_to_10_is_refused(self, rating):
        form = ReviewForm(review_data(rating=rating))

        assert not form.is_valid()
        assert error_codes(form, "rating") == ["invalid_choice"]

    def test_rating_choices_offer_no_rating_and_1_to_10(self):
        values = [value for value, _label in ReviewForm().fields["rating"].choices]

        assert values == ["", *[str(n) for n in range(10, 0, -1)]]

    @pytest.mark.parametrize("field", ["title", "body"])
    def test_blank_is_required(self, field):
        form = ReviewForm(review_data(**{field: "  \n "}))

        assert error_codes(form, field) == ["required"]

    def test_title_too_long(self, settings):
        form = ReviewForm(review_data(title="t" * (settings.REVIEWHUB_REVIEW_TITLE_MAX_LENGTH + 1)))

        assert error_codes(form, "title") == ["max_length"]

    def test_body_too_long(self, settings):
        form = ReviewForm(review_data(body="b" * (settings.REVIEWHUB_REVIEW_MAX_LENGTH + 1)))

        assert error_codes(form, "body") == ["max_length"]

    def test_body_at_the_limit_is_fine(self, settings):
        assert ReviewForm(review_data(body="b" * settings.REVIEWHUB_REVIEW_MAX_LENGTH)).is_valid()


class TestVoteForm:
    @pytest.mark.parametrize(("value", "expected"), [("yes", True), ("no", False), ("withdraw", None)])
    def test_values(self, value, expected):
        form = VoteForm({"value": value})

        assert form.is_valid()
        assert form.is_helpful is expected

    @pytest.mark.parametrize("value", ["", "maybe", "YES"])
    def test_anything_else_is_refused(self, value):
        form = VoteForm({"value": value})

        assert not form.is_valid()
        assert error_codes(form, "value") in (["required"], ["invalid_choice"])


class TestAddServiceError:
    def test_plain_error_becomes_a_form_error(self):
        form = CommentForm({"body": "Hi"})
        form.is_valid()

        add_service_error(form, ValidationError("Too deep.", code="too_deep"))

        assert [e.code for e in form.non_field_errors().as_data()] == ["too_deep"]

    def test_field_errors_go_next_to_their_field_others_to_the_form(self):
        form = CommentForm({"body": "Hi"})
        form.is_valid()

        add_service_error(
            form,
            ValidationError(
                {
                    "body": ValidationError("Too long.", code="max_length"),
                    "depth": ValidationError("Bad depth.", code="invalid"),
                }
            ),
        )

        assert error_codes(form, "body") == ["max_length"]
        assert [e.code for e in form.non_field_errors().as_data()] == ["invalid"]
