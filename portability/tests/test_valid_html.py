"""The import and export pages pass the Nu HTML Checker with no error."""

import pytest
from django.urls import reverse

from portability.tests.helpers import REVIEWS, csv_file
from reviewhub.tests import nuchecker

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(nuchecker.unavailable() is not None, reason=nuchecker.unavailable() or ""),
]


def test_import_and_export_pages_have_no_html_errors(client, user, film):
    client.force_login(user)
    pages = {"export": client.get(reverse("portability:export")).content.decode()}
    client.post(reverse("portability:export"))
    pages["export ready"] = client.get(reverse("portability:export")).content.decode()
    pages["import"] = client.get(reverse("portability:import")).content.decode()
    pages["import refused"] = client.post(reverse("portability:import"), {"files": [csv_file("x.csv", "a")]}).content
    preview = client.post(reverse("portability:import"), {"files": [csv_file("reviews.csv", REVIEWS)]})
    pages["preview"] = client.get(preview["Location"]).content.decode()
    pages["report"] = client.post(preview["Location"] + "confirm/", follow=True).content.decode()
    pages = {name: html if isinstance(html, str) else html.decode() for name, html in pages.items()}
    found = nuchecker.errors(pages)
    problems = [f"{page} {error}" for page, errors in found.items() for error in errors]
    assert not problems, "\n".join(problems)
