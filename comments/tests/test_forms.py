"""Comment and report forms: limits, the honeypot and the error codes."""

import re

import pytest

from comments.forms import CommentEditForm, CommentForm, ReportForm
from comments.models import Report


def codes(form, field: str) -> list[str]:
    return [error.code for error in form.errors.as_data()[field]]


class TestCommentForm:
    def test_valid(self):
        form = CommentForm({"body": "  Lovely review.  ", "parent": "7"})

        assert form.is_valid()
        assert form.cleaned_data["body"] == "Lovely review."
        assert form.cleaned_data["parent"] == 7
        assert not form.is_spam_trap

    def test_body_is_required(self):
        form = CommentForm({"body": "   "})

        assert codes(form, "body") == ["required"]

    def test_body_has_a_max_length(self, settings):
        form = CommentForm({"body": "x" * (settings.REVIEWHUB_COMMENT_MAX_LENGTH + 1)})

        assert codes(form, "body") == ["max_length"]
        assert form.fields["body"].widget.attrs["maxlength"] == str(settings.REVIEWHUB_COMMENT_MAX_LENGTH)

    def test_parent_must_be_a_number(self):
        form = CommentForm({"body": "Hi", "parent": "abc"})

        assert codes(form, "parent") == ["invalid"]

    def test_filled_honeypot_is_a_spam_trap(self):
        form = CommentForm({"body": "Great deals", "website": "http://spam.example"})

        assert form.is_valid()
        assert form.is_spam_trap

    def test_honeypot_is_hidden_from_people(self):
        from crispy_forms.utils import render_crispy_form

        html = render_crispy_form(CommentForm())

        assert re.search(r'class="rh-honeypot"\s+aria-hidden="true"', html)
        field = re.search(r'<input type="text" name="website"[^>]*>', html).group(0)
        assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
        assert html.index("rh-honeypot") < html.index('name="website"')

    def test_label_can_be_changed_for_replies(self):
        assert CommentForm(body_label="Your reply").fields["body"].label == "Your reply"

    def test_edit_form_has_the_body_and_the_spoiler_flag(self):
        assert list(CommentEditForm().fields) == ["body", "contains_spoilers"]


class TestReportForm:
    @pytest.mark.parametrize("reason", [value for value, _label in Report.Reason.choices if value != "other"])
    def test_reasons_need_no_details(self, reason):
        assert ReportForm({"reason": reason}).is_valid()

    def test_other_needs_details(self):
        form = ReportForm({"reason": "other", "details": "  "})

        assert codes(form, "details") == ["details_required"]

    def test_other_with_details(self):
        form = ReportForm({"reason": "other", "details": "Copied from a newspaper."})

        assert form.is_valid()

    def test_unknown_reason(self):
        form = ReportForm({"reason": "boring"})

        assert codes(form, "reason") == ["invalid_choice"]

    def test_reason_is_required(self):
        assert codes(ReportForm({}), "reason") == ["required"]

    def test_details_length(self):
        form = ReportForm({"reason": "spam", "details": "d" * 501})

        assert codes(form, "details") == ["max_length"]
