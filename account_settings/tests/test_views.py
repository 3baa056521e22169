"""/accounts/settings/: each section's form, through HTTP, as a signed-in reader uses it."""

import io
import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin
from pytest_django.asserts import assertContains, assertNotContains

from conftest import PASSWORD, make_user
from films.tests.test_images import png_claiming
from reviewhub.cache import VERSION_KEY
from reviewhub.tests import nuchecker
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

PAGE = "/accounts/settings/"
NEW_PASSWORD = "a-brand-new-Pass-phrase"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def image_upload(
    size: tuple[int, int] = (300, 200), fmt: str = "PNG", name: str = "me.png", **save_options
) -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", size, "teal").save(output, format=fmt, **save_options)
    return SimpleUploadedFile(name, output.getvalue(), content_type=f"image/{fmt.lower()}")


def field_error(response, form: str, field: str) -> list[str]:
    return response.context[form].errors.get(field, [])


@pytest.fixture
def signed_in(client, user) -> Client:
    client.force_login(user)
    return client


# --- The page ---------------------------------------------------------------------------------


def test_the_page_is_at_accounts_settings_and_needs_a_sign_in(client):
    assert reverse("account_settings:page") == PAGE
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={PAGE}"


@pytest.mark.parametrize(
    "name",
    ["account_settings:profile", "account_settings:email", "account_settings:password", "account_settings:delete"],
)
def test_every_section_url_needs_a_sign_in_and_a_post(client, user, name):
    response = client.post(reverse(name), {})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 405


def test_the_page_has_one_h1_a_section_nav_and_a_protected_form_per_section(signed_in, django_assert_max_num_queries):
    # The session, the user, the reading preferences, the latest archive and the latest imports.
    with django_assert_max_num_queries(5):
        response = signed_in.get(PAGE)
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    nav = re.search(r'<nav class="[^"]*settings-nav" aria-label="Account settings sections">(.*?)</nav>', html, re.S)
    anchors = ["profile", "email", "password", "reading", "data", "delete"]
    assert nav and re.findall(r'href="#(\w+)"', nav.group(1)) == anchors
    for anchor, action in [
        ("profile", reverse("account_settings:profile")),
        ("email", reverse("account_settings:email")),
        ("password", reverse("account_settings:password")),
        ("reading", reverse("account_settings:reading")),
        ("delete", reverse("account_settings:delete")),
    ]:
        section = re.search(rf'<section [^>]*id="{anchor}".*?</section>', html, re.S).group(0)
        assert f'aria-labelledby="{anchor}-heading"' in section
        assert f'action="{action}#{anchor}"' in section  # an error shows the page at the form
        assert 'name="csrfmiddlewaretoken"' in section
    assert "coming soon" not in html.lower()


def test_every_field_has_a_label_and_ids_do_not_clash(signed_in):
    html = signed_in.get(PAGE).content.decode()
    assert "autofocus" not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\sid="(id_[^"]+)"', html):
        assert f'for="{field_id}"' in html or f'id="{field_id}" aria-label' in html, field_id


def test_a_post_without_the_csrf_token_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("account_settings:profile"), {"profile-display_name": "Forged"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.display_name == ""


# --- Profile ----------------------------------------------------------------------------------


def test_saving_the_profile_shows_it_on_the_profile_page(signed_in, user):
    response = signed_in.post(
        reverse("account_settings:profile"),
        {"profile-display_name": "Rita Hayworth", "profile-bio": "Loves noir.\n\nAnd musicals."},
    )
    assert response.status_code == 302 and response.url == PAGE + "#profile"
    assert messages_of(response) == ["Your profile was saved."]
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("Rita Hayworth", "Loves noir.\n\nAnd musicals.")

    profile = signed_in.get(user.get_absolute_url())
    assertContains(profile, '<h1 class="mb-1">Rita Hayworth</h1>', html=True)
    assertContains(profile, "@reader")
    assertContains(profile, "<title>Rita Hayworth · ReviewHub</title>", html=True)


def test_a_too_long_display_name_keeps_the_input_and_says_why(signed_in, user, settings):
    settings.REVIEWHUB_DISPLAY_NAME_MAX_LENGTH = 10
    response = signed_in.post(
        reverse("account_settings:profile"),
        {"profile-display_name": "Much too long a name", "profile-bio": "My bio stays."},
    )
    assert response.status_code == 200
    assert field_error(response, "profile_form", "display_name") == [
        "Ensure this value has at most 10 characters (it has 20)."
    ]
    html = response.content.decode()
    assert 'value="Much too long a name"' in html
    assert "My bio stays.</textarea>" in html
    field = re.search(r'<input [^>]*name="profile-display_name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field or "is-invalid" in field
    assert 'maxlength="10"' in field
    user.refresh_from_db()
    assert user.display_name == ""


def test_an_avatar_is_checked_cropped_square_re_encoded_and_stored_under_avatars(signed_in, user, settings):
    settings.REVIEWHUB_AVATAR_SIZE = 64
    metadata = PngImagePlugin.PngInfo()
    metadata.add_text("Location", "52.5200 N, 13.4050 E")
    upload = image_upload((300, 200), name="me.png", pnginfo=metadata)
    response = signed_in.post(reverse("account_settings:profile"), {"profile-avatar": upload})
    assert response.status_code == 302
    user.refresh_from_db()
    assert re.fullmatch(r"avatars/[0-9a-f]{32}\.png", user.avatar.name)
    with user.avatar.open("rb") as stored:
        data = stored.read()
    assert b"52.5200" not in data
    image = Image.open(io.BytesIO(data))
    assert image.size == (64, 64)
    assert image.getpixel((32, 32)) == (0, 128, 128)

    profile = signed_in.get(user.get_absolute_url())
    assertContains(profile, f'src="{user.avatar.url}"')
    assertContains(profile, 'alt="Profile picture of reader"')


def test_a_small_avatar_is_cropped_square_but_never_enlarged(signed_in, user, settings):
    settings.REVIEWHUB_AVATAR_SIZE = 256
    signed_in.post(reverse("account_settings:profile"), {"profile-avatar": image_upload((40, 90), fmt="JPEG")})
    user.refresh_from_db()
    assert user.avatar.name.endswith(".jpg")
    with user.avatar.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).size == (40, 40)


@pytest.mark.parametrize(
    ("upload", "limits", "error"),
    [
        (
            SimpleUploadedFile("me.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/png"),
            {},
            "Upload a JPEG, PNG, WebP or GIF image. This file is not one, or it is damaged.",
        ),
        (
            "big",
            {"REVIEWHUB_IMAGE_MAX_BYTES": 100},
            "This file is",
        ),
        (
            SimpleUploadedFile("bomb.png", png_claiming(8_000, 6_000), content_type="image/png"),
            {},
            "This image is 8000 × 6000 pixels; the most accepted is 40 megapixels.",
        ),
    ],
    ids=["not an image", "too large", "too many pixels"],
)
def test_a_bad_avatar_is_refused_beside_the_field_and_nothing_is_stored(
    signed_in, user, settings, upload, limits, error
):
    for name, value in limits.items():
        setattr(settings, name, value)
    if upload == "big":
        upload = image_upload((200, 200))
    response = signed_in.post(
        reverse("account_settings:profile"),
        {"profile-display_name": "Kept", "profile-avatar": upload},
    )
    assert response.status_code == 200
    [message] = field_error(response, "profile_form", "avatar")
    assert message.startswith(error)
    assertContains(response, 'value="Kept"')
    user.refresh_from_db()
    assert not user.avatar and user.display_name == ""
    assert not (settings.MEDIA_ROOT / "avatars").exists() or not any((settings.MEDIA_ROOT / "avatars").iterdir())


def test_without_an_avatar_a_drawn_initial_shows_never_an_image(signed_in, user):
    profile = signed_in.get(user.get_absolute_url()).content.decode()
    placeholder = re.search(
        r'<span class="avatar avatar-large avatar-placeholder avatar-tone-\d"[^>]*>(.*?)</span>', profile
    )
    assert placeholder and placeholder.group(1) == "R"
    assert "Profile picture of" not in profile

    user.display_name = "émile"
    user.save()
    profile = signed_in.get(user.get_absolute_url()).content.decode()
    assert re.search(r'avatar-placeholder avatar-tone-\d"[^>]*>É</span>', profile)


def test_replacing_or_removing_the_avatar_deletes_the_old_file(
    signed_in, user, settings, django_capture_on_commit_callbacks
):
    signed_in.post(reverse("account_settings:profile"), {"profile-avatar": image_upload()})
    user.refresh_from_db()
    first = settings.MEDIA_ROOT / user.avatar.name
    assert first.exists()

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("account_settings:profile"), {"profile-avatar": image_upload((50, 50))})
    user.refresh_from_db()
    second = settings.MEDIA_ROOT / user.avatar.name
    assert second.exists() and not first.exists()

    page = signed_in.get(PAGE)
    assertContains(page, "Remove your profile picture")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("account_settings:profile"), {"profile-avatar_remove": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.avatar and not second.exists()
    assertNotContains(signed_in.get(PAGE), "Remove your profile picture")


def test_profile_saves_are_rate_limited_like_edits(signed_in, user, settings):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "edit": (2, 600)}
    for n in range(2):
        assert signed_in.post(reverse("account_settings:profile"), {"profile-bio": f"Bio {n}"}).status_code == 302
    unchanged = signed_in.post(reverse("account_settings:profile"), {"profile-bio": "Bio 1"})
    assert messages_of(unchanged)[-1] == "Your profile was already up to date."
    response = signed_in.post(reverse("account_settings:profile"), {"profile-bio": "Once more"})
    assert response.status_code == 429
    assertContains(response, "You are posting too quickly.", status_code=429)
    assertContains(response, "Once more</textarea>", status_code=429)


def test_a_profile_save_moves_the_content_version_and_an_unchanged_one_does_not(signed_in):
    cache.set(VERSION_KEY, 1, timeout=None)
    signed_in.post(reverse("account_settings:profile"), {"profile-display_name": "Rita"})
    changed = cache.get(VERSION_KEY)
    assert changed != 1
    signed_in.post(reverse("account_settings:profile"), {"profile-display_name": "Rita"})
    assert cache.get(VERSION_KEY) == changed


def test_deleting_an_account_reaches_pages_cached_for_signed_out_readers(client, user, settings):
    settings.REVIEWHUB_PAGE_CACHE_SECONDS = 600
    review = make_review(author=user)
    anonymous = Client()
    assertContains(anonymous.get(review.get_absolute_url()), "reader")
    client.force_login(user)
    client.post(reverse("account_settings:delete"), {"delete-writing": "keep", "delete-current_password": PASSWORD})
    assertContains(anonymous.get(review.get_absolute_url()), "a former member")


# --- E-mail -----------------------------------------------------------------------------------


def request_email_change(client, email: str = "new@example.com", password: str = PASSWORD):
    return client.post(reverse("account_settings:email"), {"email-email": email, "email-current_password": password})


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/settings/email/confirm/\S+/)", message.body).group(1)


def test_an_email_change_is_confirmed_by_a_link_sent_to_the_new_address(
    signed_in, user, django_capture_on_commit_callbacks
):
    response = request_email_change(signed_in, "New@Example.com")
    assert response.status_code == 302 and response.url == PAGE + "#email"
    assert messages_of(response) == [
        "We sent a link to New@example.com. Your address changes when you open it; until then it stays as it is."
    ]
    [message] = mail.outbox
    assert message.to == ["New@example.com"]
    assert message.subject == "Confirm your new ReviewHub e-mail address"
    user.refresh_from_db()
    assert user.email == "reader@example.com", "the old address stays until the link is used"

    link = confirm_link(message)
    page = Client().get(link)
    assertContains(page, "Use <strong>New@example.com</strong> for your ReviewHub account from now on?", html=True)
    user.refresh_from_db()
    assert user.email == "reader@example.com", "opening the link (a mail scanner) changes nothing"

    assert "reader@example.com" not in message.body and "reader@example.com" not in link
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(link)
    assert response.status_code == 302 and response.url == PAGE + "#email"
    assert messages_of(response)[-1] == "Your e-mail address is now New@example.com."
    user.refresh_from_db()
    assert user.email == "New@example.com"
    notice = mail.outbox[1]
    assert notice.to == ["reader@example.com"]
    assert notice.subject == "Your ReviewHub e-mail address was changed"
    assert "New@example.com" in notice.body

    again = signed_in.post(link)
    assertContains(again, "This link has already been used, or a newer one replaced it.", status_code=400)


def test_a_tampered_or_expired_link_shows_a_clear_page_and_changes_nothing(signed_in, user, settings):
    request_email_change(signed_in)
    link = confirm_link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))

    for method in (signed_in.get, signed_in.post):
        response = method(tampered)
        assertContains(response, "This link is not valid.", status_code=400)
        assertContains(response, "Nothing was changed.", status_code=400)

    settings.REVIEWHUB_EMAIL_CHANGE_MAX_AGE = -1
    response = signed_in.post(link)
    assertContains(response, "This link has expired.", status_code=400)
    user.refresh_from_db()
    assert user.email == "reader@example.com"
    assert len(mail.outbox) == 1


def test_an_address_another_account_uses_is_refused_whatever_its_case(signed_in, user, other_user):
    response = request_email_change(signed_in, "ANOTHER@example.com")
    assert response.status_code == 200
    assert field_error(response, "email_form", "email") == ["Another account already uses this e-mail address."]
    assertContains(response, 'value="ANOTHER@example.com"')
    assert mail.outbox == []


def test_an_address_taken_after_the_link_was_sent_is_not_stolen(signed_in, user):
    request_email_change(signed_in, "free@example.com")
    link = confirm_link(mail.outbox[0])
    make_user(username="quicker", email="FREE@example.com")

    response = signed_in.post(link)
    assertContains(response, "Another account now uses this e-mail address", status_code=400)
    user.refresh_from_db()
    assert user.email == "reader@example.com"


def test_an_email_change_needs_the_current_password(signed_in, user):
    response = request_email_change(signed_in, password="not my password")
    assert field_error(response, "email_form", "current_password") == ["This is not your current password."]
    assert mail.outbox == []


def test_email_changes_are_rate_limited(signed_in, settings):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "email_change": (2, 3600)}
    for n in range(2):
        assert request_email_change(signed_in, f"new{n}@example.com").status_code == 302
    response = request_email_change(signed_in, "new3@example.com")
    assertContains(response, "Too many address changes. Please try again in", status_code=429)
    assert len(mail.outbox) == 2


def test_a_newer_link_spends_an_older_one_once_used(signed_in, user):
    request_email_change(signed_in, "first@example.com")
    request_email_change(signed_in, "second@example.com")
    first, second = (confirm_link(message) for message in mail.outbox)
    assert signed_in.post(second).status_code == 302
    assertContains(signed_in.post(first), "This link has already been used", status_code=400)
    user.refresh_from_db()
    assert user.email == "second@example.com"


# --- Password ---------------------------------------------------------------------------------


def test_changing_the_password_keeps_this_session_signed_in(signed_in, user):
    response = signed_in.post(
        reverse("account_settings:password"),
        {
            "password-old_password": PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response.url == PAGE + "#password"
    assert messages_of(response) == ["Your password was changed. You are still signed in here."]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert signed_in.get(PAGE).status_code == 200
    assert signed_in.session[SESSION_KEY] == str(user.pk)


def test_a_wrong_old_password_is_shown_beside_its_field(signed_in, user):
    response = signed_in.post(
        reverse("account_settings:password"),
        {"password-old_password": "wrong", "password-new_password1": NEW_PASSWORD, "password-new_password2": "other"},
    )
    assert response.status_code == 200
    assert field_error(response, "password_form", "old_password") == [
        "Your old password was entered incorrectly. Please enter it again."
    ]
    assert "password_mismatch" in [e.code for e in response.context["password_form"].errors.as_data()["new_password2"]]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_password_change_signs_out_other_sessions(user):
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    here.post(
        reverse("account_settings:password"),
        {
            "password-old_password": PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )
    assert here.get(PAGE).status_code == 200
    assert elsewhere.get(PAGE).status_code == 302


# --- Deleting the account: the form (what it does is in test_account_delete.py) ----------------------


def test_deleting_needs_a_choice_and_the_password(signed_in, user):
    response = signed_in.post(reverse("account_settings:delete"), {"delete-current_password": "wrong"})
    assert response.status_code == 200
    assert field_error(response, "delete_form", "writing") == ["This field is required."]
    assert field_error(response, "delete_form", "current_password") == ["This is not your current password."]
    user.refresh_from_db()
    assert user.is_active and user.username == "reader"


def test_a_refused_deletion_keeps_the_choice_made(signed_in):
    response = signed_in.post(
        reverse("account_settings:delete"), {"delete-writing": "remove", "delete-current_password": "wrong"}
    )
    html = response.content.decode()
    chosen = re.search(r'<input [^>]*value="remove"[^>]*>', html).group(0)
    assert "checked" in chosen
    assert get_user_model().objects.filter(username="reader", is_active=True).exists()


@pytest.mark.skipif(nuchecker.unavailable() is not None, reason=nuchecker.unavailable() or "")
def test_the_page_and_a_profile_with_a_picture_have_no_html_errors(signed_in, user):
    signed_in.post(
        reverse("account_settings:profile"), {"profile-display_name": "Rita", "profile-avatar": image_upload()}
    )
    with_errors = signed_in.post(reverse("account_settings:email"), {"email-email": "not an address"})
    pages = {
        "settings": signed_in.get(PAGE).content.decode(),
        "settings with errors": with_errors.content.decode(),
        "profile": signed_in.get(user.get_absolute_url()).content.decode(),
    }
    found = nuchecker.errors(pages)
    problems = [f"{page} {error}" for page, errors in found.items() for error in errors]
    assert not problems, "\n".join(problems)
