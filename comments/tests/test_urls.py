"""The review and comment routes: names, addresses and the views behind them."""

import pytest
from django.urls import resolve, reverse

from comments import views as comment_views
from reviews import views as review_views

ROUTES = [
    ("comments:review", {"pk": 7}, "/reviews/7/", comment_views.review_detail),
    ("reviews:create", {"slug": "her-2013"}, "/reviews/film/her-2013/write/", review_views.review_create),
    ("reviews:edit", {"pk": 7}, "/reviews/7/edit/", review_views.review_edit),
    ("reviews:delete", {"pk": 7}, "/reviews/7/delete/", review_views.review_delete),
    ("reviews:vote", {"pk": 7}, "/reviews/7/vote/", review_views.review_vote),
    ("comments:report-review", {"pk": 7}, "/reviews/7/report/", comment_views.review_report),
    ("comments:create", {"review_pk": 7}, "/comments/review/7/", comment_views.comment_create),
    ("comments:reply", {"pk": 3}, "/comments/3/reply/", comment_views.comment_reply),
    ("comments:edit", {"pk": 3}, "/comments/3/edit/", comment_views.comment_edit),
    ("comments:delete", {"pk": 3}, "/comments/3/delete/", comment_views.comment_delete),
    ("comments:report", {"pk": 3}, "/comments/3/report/", comment_views.comment_report),
]


@pytest.mark.parametrize(("name", "kwargs", "path", "view"), ROUTES)
def test_route(name, kwargs, path, view):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.func == view
    assert match.view_name == name
    assert match.kwargs == kwargs


def test_ids_must_be_numbers():
    from django.urls import Resolver404

    with pytest.raises(Resolver404):
        resolve("/reviews/abc/")
