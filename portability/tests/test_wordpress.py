"""WordPress (WXR) import: a blog's post and its threaded discussion, with provenance, again without duplicates."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from comments.models import Comment, ReviewCommentStats
from moderation.models import Status
from portability.models import UnmatchedFilm, WordPressImport
from portability.wxr import plain_text
from reviews.models import FilmReviewStats, Review

pytestmark = pytest.mark.django_db

BLOG = Path(__file__).parent / "data" / "lonely-screens.wordpress.xml"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_wordpress", *args, stdout=out)
    return out.getvalue()


def test_posts_become_reviews_with_provenance_and_their_threads(client, film):
    output = run(str(BLOG), "--match-titles")
    review = Review.objects.select_related("author").get()
    assert (review.film, review.title, review.status) == (film, "Her (2013)", Status.APPROVED)
    assert review.body == (
        "Spike Jonze’s Her is a love story set a little way into the future.\n\n"
        "Theodore writes other people’s letters.\nHe is very good at it."
    )
    assert review.created_at.isoformat() == "2014-02-20T21:10:00+00:00"
    assert (review.imported_from, review.imported_author_name, review.imported_site) == (
        "https://lonelyscreens.example/2014/02/20/her-2013/",
        "Dana Reel",
        "Lonely Screens",
    )
    assert review.author.username == "dana-reel" and not review.author.has_usable_password()
    assert FilmReviewStats.objects.get(film=film).review_count == 1
    assert ReviewCommentStats.objects.get(review=review).comment_count == 8

    html = client.get(review.get_absolute_url()).content.decode()
    assert "Imported from" in html and "on Lonely Screens; originally by Dana Reel." in html
    assert 'href="https://lonelyscreens.example/2014/02/20/her-2013/"' in html
    assert "20 February 2014" in html

    for line in (
        "posts imported: 1",
        "comments imported: 8",
        "pingbacks and trackbacks skipped: 1",
        "spam comments skipped: 1",
        "trashed comments skipped: 1",
        "unapproved comments skipped: 1",
        "replies flattened to the deepest level: 2",
        "posts with no matching film: 1",
        "unpublished posts skipped: 1",
        "pages and attachments skipped: 1",
    ):
        assert line in output


def test_nesting_dates_and_authors_are_kept_and_deep_replies_flattened(settings, film):
    settings.REVIEWHUB_COMMENT_MAX_DEPTH = 5
    run(str(BLOG), "--film", film.slug)
    comments = {c.body: c for c in Comment.objects.select_related("author", "parent")}
    assert comments["Same here & more."].parent == comments["I cried at the ukulele song.\nTwice, in fact."]
    assert [comments[f"Level {n}."].depth for n in ("three", "four", "five")] == [3, 4, 5]
    deep = comments["Level six, deeper than ReviewHub allows."]
    deeper = comments["Level seven."]
    level_four = comments["Level four."]
    assert (deep.depth, deep.parent, deeper.depth, deeper.parent) == (5, level_four, 5, level_four)
    assert comments["Replying to the spam, oddly."].depth == 1  # its parent was spam
    assert all(c.status == Status.APPROVED for c in comments.values())
    assert comments["Level three."].created_at.isoformat() == "2014-02-21T10:00:00+00:00"
    # Dana's reply comes from the post author's account; Sam's four comments from one imported account.
    assert comments["Same here & more."].author == Review.objects.get().author
    sam = User.objects.get(username="sam-okafor")
    assert Comment.objects.filter(author=sam).count() == 4 and "Lonely Screens" in sam.bio
    bodies = "".join(Comment.objects.values_list("body", flat=True))
    assert "pills" not in bodies and "take it back" not in bodies


def test_importing_again_updates_instead_of_duplicating(film, tmp_path):
    run(str(BLOG), "--match-titles")
    counts = (Review.objects.count(), Comment.objects.count(), User.objects.count())
    changed = BLOG.read_text().replace("He is very good at it.", "He is very, very good at it.")
    path = tmp_path / "changed.xml"
    path.write_text(changed)
    output = run(str(path), "--match-titles")
    assert (Review.objects.count(), Comment.objects.count(), User.objects.count()) == counts
    assert "posts updated: 1" in output and "comments unchanged: 8" in output
    assert Review.objects.get().body.endswith("He is very, very good at it.")
    assert FilmReviewStats.objects.get(film=film).review_count == 1


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>"""
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">'.encode() for n in range(1, 10)).replace(
        b"&lol0;", b"&lol;"
    )
    + b"]><rss><channel><title>&lol9;</title></channel></rss>"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (XXE, "declares a DTD or entities"),
        (LAUGHS, "declares a DTD or entities"),
        (b"<rss><channel><title>Unclosed</channel></rss>", "not well-formed XML"),
        (b"<rss version='2.0'><channel><title>A feed</title></channel></rss>", "not a WordPress export"),
        (b"<html><body>hi</body></html>", "not an RSS file"),
    ],
)
def test_bad_xml_is_refused_and_nothing_is_written(tmp_path, film, content, message):
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--film", film.slug)
    assert not Review.objects.exists() and not WordPressImport.objects.exists()


def test_a_file_too_large_is_refused(settings, film):
    settings.REVIEWHUB_WXR_MAX_BYTES = 1000
    with pytest.raises(CommandError, match="files of at most"):
        run(str(BLOG), "--film", film.slug)


def test_an_unknown_film_slug_is_refused(db):
    with pytest.raises(CommandError, match="No film with the slug nope"):
        run(str(BLOG), "--film", "nope")


def test_the_admin_upload_imports_a_blog_and_keeps_the_report(admin_client, film):
    url = reverse("admin:portability_wordpressimport_add")
    assert "Import a WordPress blog" in admin_client.get(url).content.decode()
    upload = SimpleUploadedFile("blog.xml", BLOG.read_bytes(), content_type="text/xml")
    response = admin_client.post(url, {"file": upload, "film": ""}, follow=True)
    html = response.content.decode()
    assert "Imported Lonely Screens." in html and "comments imported: 8" in html
    assert Review.objects.get().film == film


def test_the_admin_refuses_bad_xml_beside_the_field(admin_client, film):
    upload = SimpleUploadedFile("blog.xml", XXE, content_type="text/xml")
    response = admin_client.post(reverse("admin:portability_wordpressimport_add"), {"file": upload, "film": film.slug})
    assert response.status_code == 200 and "declares a DTD or entities" in response.content.decode()
    assert not Review.objects.exists()


def test_moderators_cannot_import(moderator_client):
    assert moderator_client.get(reverse("admin:portability_wordpressimport_add")).status_code == 403


def test_staff_see_films_readers_asked_for(admin_client, user):
    entry = UnmatchedFilm.objects.create(title="Solaris", year=1972)
    entry.requested_by.add(user)
    html = admin_client.get(reverse("admin:portability_unmatchedfilm_changelist")).content.decode()
    assert "Solaris" in html and "Add this film" in html and "title=Solaris&amp;year=1972" in html


def test_plain_text_keeps_paragraphs_and_drops_markup():
    markup = "<!-- wp:paragraph --><p>One <strong>bold</strong> line.<br />Next &amp; last.</p>\n<p>Two.</p>"
    assert plain_text(markup) == "One bold line.\nNext & last.\n\nTwo."


def test_plain_text_keeps_link_addresses():
    markup = '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="x">the <em>interview</em></a> and <a href="https://x.example/">https://x.example/</a>.</p>'
    assert plain_text(markup) == "See the interview (https://example.org/a?b=1&c=2) and https://x.example/."


def test_the_admin_names_an_unknown_film_slug_beside_the_field(admin_client, film):
    upload = SimpleUploadedFile("blog.xml", BLOG.read_bytes(), content_type="text/xml")
    response = admin_client.post(reverse("admin:portability_wordpressimport_add"), {"file": upload, "film": "nope"})
    assert "No film has this slug." in response.content.decode() and not Review.objects.exists()


def test_the_admin_imports_every_post_as_a_review_of_the_chosen_film(admin_client, film):
    upload = SimpleUploadedFile("blog.xml", BLOG.read_bytes(), content_type="text/xml")
    admin_client.post(reverse("admin:portability_wordpressimport_add"), {"file": upload, "film": film.slug})
    # Both published posts are Dana's: the second review of the same film is refused and reported.
    record = WordPressImport.objects.get()
    assert record.report["counts"]["posts imported"] == 1 and record.report["counts"]["posts skipped"] == 1
    assert "already reviewed this film" in " ".join(record.report["notes"])
    html = admin_client.get(reverse("admin:portability_wordpressimport_change", args=[record.pk])).content.decode()
    assert "posts skipped: 1" in html


def test_the_review_admin_shows_the_blog_it_came_from(admin_client, film):
    run(str(BLOG), "--film", film.slug)
    review = Review.objects.get()
    html = admin_client.get(reverse("admin:reviews_review_change", args=[review.pk])).content.decode()
    assert "Lonely Screens" in html and "https://lonelyscreens.example/2014/02/20/her-2013/" in html
