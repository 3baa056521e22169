"""{% thread_rows %}: the fast row renderer of the review page's thread."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.tests.factories import make_comment
from conftest import make_user

pytestmark = pytest.mark.django_db


def test_user_text_is_escaped(client, review):
    author = make_user(username="o.brien+films")
    parent = make_comment(review=review, author=author, body='<script>alert("x")</script> & more')
    make_comment(review=review, parent=parent, body="Fair point.")

    html = client.get(review.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html
    assert 'aria-label="Comment by o.brien+films"' in html
    assert ", replying to o.brien+films" in html
    assert f'href="{reverse("pages:profile", args=[author.username])}"' in html


def test_dates_are_absolute_in_the_sites_time_zone(client, review, settings):
    settings.TIME_ZONE = "Europe/London"
    comment = make_comment(review=review)
    Comment.objects.filter(pk=comment.pk).update(created_at=datetime(2025, 7, 4, 20, 5, tzinfo=UTC))

    html = client.get(review.get_absolute_url()).content.decode()

    assert '<time datetime="2025-07-04T21:05:00+01:00" title="4 July 2025, 21:05">4 July 2025</time>' in html


def test_report_links_lead_back_to_the_same_page(client, review, settings):
    settings.REVIEWHUB_THREADS_PER_PAGE = 1
    make_comment(review=review)
    comment = make_comment(review=review)

    html = client.get(review.get_absolute_url(), {"page": 2}).content.decode()

    report = reverse("comments:report", args=[comment.pk])
    assert f'href="{report}?next={review.get_absolute_url()}%3Fpage%3D2"' in html


def test_edited_comments_say_so(client, review):
    from comments.services import comment_edit

    comment = make_comment(review=review)
    comment_edit(comment=comment, body="Second thoughts.")

    html = client.get(review.get_absolute_url()).content.decode()

    assert '<span class="rh-edited" title="Edited ' in html
    assert "(edited)</span>" in html
