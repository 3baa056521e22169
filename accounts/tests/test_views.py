import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from comments import services as comment_services
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import Status
from moderation.services import status_set
from reviews import services as review_services
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a-long-Pass-phrase"
LOCKED = "Too many failed sign-in attempts. Please try again in 15 minutes."


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def signup_data(**overrides) -> dict:
    data = {"username": "newreader", "email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    data.update(overrides)
    return data


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- Sign up ----------------------------------------------------------------


def test_signup_page_shows_the_form_with_a_hidden_honeypot(client):
    response = client.get(reverse("signup"))
    assert response.status_code == 200
    assertTemplateUsed(response, "accounts/signup.html")
    assertContains(response, '<h1 class="h3 mb-3">Sign up</h1>', html=True)
    for name in ["username", "email", "password1", "password2"]:
        assertContains(response, f'name="{name}"')
    html = response.content.decode()
    honeypot = re.search(r'<div\s+class="visually-hidden"\s+aria-hidden="true">(.*?)</div>\s*</div>', html, re.S)
    assert honeypot, "the honeypot sits in a visually hidden wrapper"
    assert 'name="website"' in honeypot.group(1)
    assert 'tabindex="-1"' in honeypot.group(1)
    assert 'autocomplete="off"' in honeypot.group(1)
    assert html.count('name="csrfmiddlewaretoken"') == 1


def confirm_link(email) -> str:
    """The path of the confirmation link in a sign-up mail."""
    match = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", email.body)
    assert match, email.body
    return match.group(1)


def test_signup_creates_an_inactive_account_and_mails_a_confirmation_link(client, mailoutbox):
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302
    assert response.url == reverse("signup_done")
    user = get_user_model().objects.get(username="newreader")
    assert user.email == "new@example.com"
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_active
    assert signed_in_user_id(client) is None
    done = client.get(response.url)
    assertContains(done, "Check your email")
    assertContains(done, "<strong>new@example.com</strong>", html=True)
    [email] = mailoutbox
    assert email.to == ["new@example.com"]
    assert email.subject == "Confirm your ReviewHub account"


def test_the_confirmation_link_asks_then_activates_and_signs_in_once(client, mailoutbox):
    client.post(reverse("signup"), signup_data())
    link = confirm_link(mailoutbox[0])
    page = client.get(link)
    assertContains(page, "Confirm and sign in")
    assert not get_user_model().objects.get(username="newreader").is_active, "a GET (a mail scanner) confirms nothing"
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("pages:home")
    user = get_user_model().objects.get(username="newreader")
    assert user.is_active
    assert str(user.pk) == signed_in_user_id(client)
    assert messages_of(response) == ["Welcome to ReviewHub, newreader! You are signed in."]
    client.logout()
    assert client.post(link).status_code == 400
    assert signed_in_user_id(client) is None


def test_a_tampered_confirmation_link_is_refused(client, mailoutbox):
    client.post(reverse("signup"), signup_data())
    link = confirm_link(mailoutbox[0])
    response = client.post(link[:-3] + "xyz/")
    assertContains(response, "This link has expired or has already been used.", status_code=400)
    assert not get_user_model().objects.get(username="newreader").is_active


def test_a_password_reset_link_does_not_confirm_an_account(client, mailoutbox):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    client.post(reverse("signup"), signup_data())
    user = get_user_model().objects.get(username="newreader")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.post(reverse("signup_confirm", args=[uid, default_token_generator.make_token(user)]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_signup_follows_a_safe_next_after_confirming(client, film, mailoutbox):
    target = film.get_absolute_url()
    client.post(reverse("signup"), {**signup_data(), "next": target})
    link = confirm_link(mailoutbox[0])
    page = client.get(link)
    assertContains(page, f'<input type="hidden" name="next" value="{target}">', html=True)
    assert client.post(link, {"next": target}).url == target


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)"])
def test_signup_ignores_an_unsafe_next(client, unsafe, mailoutbox):
    page = client.get(reverse("signup"), {"next": unsafe})
    assertNotContains(page, "evil.example")
    client.post(reverse("signup"), {**signup_data(), "next": unsafe})
    assert "evil.example" not in mailoutbox[0].body
    link = confirm_link(mailoutbox[0])
    assert client.post(link, {"next": unsafe}).url == reverse("pages:home")


def test_signup_keeps_a_safe_next_in_the_form(client):
    response = client.get(reverse("signup"), {"next": "/films/?genre=drama"})
    assertContains(response, '<input type="hidden" name="next" value="/films/?genre=drama">', html=True)


def test_signup_with_a_taken_username_shows_the_error_at_the_field_and_keeps_the_input(client, user):
    response = client.post(reverse("signup"), signup_data(username="READER", email="fresh@example.com"))
    assert response.status_code == 200
    assert response.context["form"].has_error("username", code="unique")
    assertContains(response, "A user with that username already exists.")
    assertContains(response, 'id="id_username_error"')
    assertContains(response, 'value="READER"')
    assertContains(response, 'value="fresh@example.com"')
    assert get_user_model().objects.count() == 1
    assert signed_in_user_id(client) is None


def test_signup_with_a_registered_email_looks_the_same_and_mails_the_owner(client, user, mailoutbox):
    """Finding 8: the page cannot tell a registered address from a new one; the owner hears of it."""
    fresh = Client().post(reverse("signup"), signup_data(username="fresh", email="fresh@example.com"))
    taken = client.post(reverse("signup"), signup_data(email="Reader@EXAMPLE.com"))
    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url) == (302, reverse("signup_done"))
    done = client.get(taken.url)
    assertContains(done, "Check your email")
    assert not get_user_model().objects.filter(username="newreader").exists()
    owner_mail = mailoutbox[-1]
    assert owner_mail.to == [user.email]
    assert owner_mail.subject == "Someone tried to sign up with your address"
    assert reverse("password_reset") in owner_mail.body
    assert "newreader" not in owner_mail.body


def test_signing_up_again_before_confirming_mails_a_fresh_link(client, mailoutbox):
    client.post(reverse("signup"), signup_data())
    client.post(reverse("signup"), signup_data(username="otherreader"))
    assert [mail.subject for mail in mailoutbox] == ["Confirm your ReviewHub account"] * 2
    assert client.post(confirm_link(mailoutbox[1])).status_code == 302
    assert get_user_model().objects.get(username="newreader").is_active
    assert not get_user_model().objects.filter(username="otherreader").exists()


def test_signup_mails_to_one_address_are_limited(client, user, settings, mailoutbox):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "signup_mail": (2, 3600)}
    for n in range(4):
        response = Client(REMOTE_ADDR=f"198.51.100.{n}").post(reverse("signup"), signup_data(email=user.email))
        assert response.url == reverse("signup_done")
    assert len(mailoutbox) == 2


def test_signup_with_the_honeypot_filled_pretends_and_creates_nothing(client, mailoutbox):
    response = client.post(reverse("signup"), {**signup_data(), "website": "http://cheap-pills.example"})
    assert response.status_code == 302
    assert response.url == reverse("signup_done")
    assert not get_user_model().objects.exists()
    assert signed_in_user_id(client) is None
    assert mailoutbox == []


def test_signup_is_rate_limited_per_ip_with_a_429(settings):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "signup": (2, 3600)}
    for n in range(2):
        response = Client(REMOTE_ADDR="198.51.100.5").post(
            reverse("signup"), signup_data(username=f"reader{n}", email=f"r{n}@example.com")
        )
        assert response.status_code == 302
    blocked = Client(REMOTE_ADDR="198.51.100.5").post(
        reverse("signup"), signup_data(username="reader3", email="r3@example.com")
    )
    assert blocked.status_code == 429
    assertContains(blocked, "Too many sign-ups from your network. Please try again in", status_code=429)
    assertContains(blocked, 'value="reader3"', status_code=429)
    assert not get_user_model().objects.filter(username="reader3").exists()
    elsewhere = Client(REMOTE_ADDR="198.51.100.6").post(
        reverse("signup"), signup_data(username="reader4", email="r4@example.com")
    )
    assert elsewhere.status_code == 302


def test_every_signup_post_counts_so_probing_is_limited(user, settings):
    """Finding 8: invalid and duplicate posts count too, so nobody probes addresses without limit."""
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "signup": (3, 3600)}
    prober = Client(REMOTE_ADDR="198.51.100.7")
    assert prober.post(reverse("signup"), signup_data(username="READER")).status_code == 200
    assert prober.post(reverse("signup"), signup_data(email=user.email)).status_code == 302
    assert prober.post(reverse("signup"), {"email": "x@example.com"}).status_code == 200
    assert prober.post(reverse("signup"), signup_data(username="late", email="late@example.com")).status_code == 429
    assert not get_user_model().objects.filter(username="late").exists()


def test_signed_in_reader_visiting_signup_goes_home(client, user):
    client.force_login(user)
    response = client.get(reverse("signup"))
    assert response.status_code == 302
    assert response.url == reverse("pages:home")


# --- Sign in and out ----------------------------------------------------------


def login(client: Client, username: str = "reader", password: str = PASSWORD, ip: str = "127.0.0.1", **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra}, REMOTE_ADDR=ip)


def test_login_page_has_links_to_sign_up_and_reset(client):
    response = client.get(reverse("login"), {"next": "/films/"})
    assertTemplateUsed(response, "registration/login.html")
    assertContains(response, '<h1 class="h3 mb-3">Sign in</h1>', html=True)
    assertContains(response, f'href="{reverse("password_reset")}"')
    assertContains(response, f'href="{reverse("signup")}?next=/films/"')
    assertContains(response, '<input type="hidden" name="next" value="/films/">', html=True)


def test_login_with_the_right_password_signs_in_and_welcomes(client, user):
    response = login(client)
    assert response.status_code == 302
    assert response.url == reverse("pages:home")
    assert signed_in_user_id(client) == str(user.pk)
    assert messages_of(response) == ["Welcome back, reader."]


def test_login_follows_a_safe_next_and_ignores_an_unsafe_one(client, user, film):
    assert login(client, next=film.get_absolute_url()).url == film.get_absolute_url()
    client.logout()
    assert login(client, next="https://evil.example/steal").url == reverse("pages:home")


def test_login_with_a_wrong_password_is_refused(client, user):
    response = login(client, password="not my password")
    assert response.status_code == 200
    assertContains(response, "Please enter a correct username and password.")
    assert signed_in_user_id(client) is None


def test_a_deactivated_account_cannot_sign_in(client, user):
    user.is_active = False
    user.save()
    response = login(client)
    assert response.status_code == 200
    assertContains(response, "Please enter a correct username and password.")
    assert signed_in_user_id(client) is None


def test_five_failures_lock_that_username_from_that_address_with_a_429(client, user):
    for _ in range(4):
        assert login(client, password="wrong", ip="198.51.100.4").status_code == 200
    fifth = login(client, password="wrong", ip="198.51.100.4")
    assertContains(fifth, LOCKED, status_code=429)
    assertTemplateUsed(fifth, "registration/login.html")
    sixth = login(client, ip="198.51.100.4")
    assertContains(sixth, LOCKED, status_code=429)
    assert signed_in_user_id(client) is None


def test_a_locked_pair_does_not_lock_the_owner_out_from_another_address(client, user):
    """Finding 10: five requests by anyone must not lock a known username out."""
    for _ in range(5):
        login(Client(), password="wrong", ip="203.0.113.66")
    assert login(Client(), ip="203.0.113.66").status_code == 429
    response = login(client, ip="198.51.100.20")
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_failures_spread_over_many_addresses_slow_each_address_to_one_try(client, user, settings):
    """Finding 1: failures are counted per account too; a distributed guesser gets one try per address."""
    settings.REVIEWHUB_LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    for n in range(3):  # two failures from each of three addresses: no pair reaches five
        for _ in range(2):
            login(Client(), password="wrong", ip=f"203.0.113.{n}")
    assert login(Client(), ip="203.0.113.0").status_code == 429  # an address that has failed is now locked
    guesser = Client()
    login(guesser, password="wrong", ip="203.0.113.50")
    assert login(guesser, ip="203.0.113.50").status_code == 429  # a new address gets one try
    # The owner's correct password from an address that has not been failing still gets in.
    assert login(client, ip="198.51.100.20").status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_below_the_account_limit_an_address_keeps_its_five_tries(user, settings):
    settings.REVIEWHUB_LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    for n in range(2):
        for _ in range(2):
            login(Client(), password="wrong", ip=f"203.0.113.{n}")
    assert login(Client(), ip="203.0.113.0").status_code == 302


def test_nobody_can_lock_a_moderator_out_of_the_admin(client, moderator):
    attacker = Client()
    for _ in range(5):
        attacker.post(
            reverse("admin:login"), {"username": "moderator", "password": "wrong"}, REMOTE_ADDR="203.0.113.66"
        )
    locked = attacker.post(
        reverse("admin:login"), {"username": "moderator", "password": PASSWORD}, REMOTE_ADDR="203.0.113.66"
    )
    assertContains(locked, LOCKED, status_code=429)
    response = client.post(
        reverse("admin:login"), {"username": "moderator", "password": PASSWORD}, REMOTE_ADDR="198.51.100.20"
    )
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(moderator.pk)


def test_behind_one_proxy_other_peoples_failures_do_not_lock_a_correct_password(client, user):
    """Finding 1: with every visitor at the proxy's address, failures on other accounts refuse nobody else."""
    for name in ["alice", "bob", "carol", "dave", "erin", "frank"]:
        assert login(Client(), username=name, password="wrong").status_code == 200
    assert login(client).status_code == 302


def test_many_failures_from_one_address_pass_the_ceiling_and_lock_that_address(client, user, settings):
    settings.REVIEWHUB_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for n in range(5):
        assert login(client, username=f"victim{n}", password="wrong", ip="203.0.113.9").status_code == 200
    sixth = login(client, username="victim5", password="wrong", ip="203.0.113.9")
    assertContains(sixth, LOCKED, status_code=429)
    assertContains(login(client, ip="203.0.113.9"), LOCKED, status_code=429)
    assert signed_in_user_id(client) is None
    assert login(client, ip="203.0.113.10").status_code == 302


def test_a_successful_sign_in_clears_the_pair_failures(client, user):
    for _ in range(4):
        login(client, password="wrong")
    assert login(client).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, password="wrong").status_code == 200
    assert login(client).status_code == 302


def test_username_case_does_not_make_a_new_pair(client, user):
    for name in ["reader", "READER", "Reader", "rEader"]:
        assert login(client, username=name, password="wrong").status_code == 200
    assertContains(login(client, username="ReadeR", password="wrong"), LOCKED, status_code=429)


def test_the_lock_lifts_after_the_window(client, user, settings):
    from axes.models import AccessAttempt

    for _ in range(5):
        login(client, password="wrong")
    assert login(client).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(seconds=settings.REVIEWHUB_LOGIN_FAILURE_WINDOW + 1)
    )
    assert login(client).status_code == 302


def test_admin_shows_the_failed_attempts(admin_client, user):
    login(Client(), password="wrong", ip="203.0.113.66")
    response = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assertContains(response, "203.0.113.66")
    assertContains(response, "reader")


def test_logout_refuses_get(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in_user_id(client) == str(user.pk)


def test_logout_by_post_signs_out_and_goes_home_with_a_note(client, user):
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("pages:home")
    assert signed_in_user_id(client) is None
    assert messages_of(response) == ["You have signed out."]


# --- Passwords -----------------------------------------------------------------


def test_djangos_password_change_addresses_lead_to_the_settings_page(client, user):
    client.force_login(user)
    for name in ("password_change", "password_change_done"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url == reverse("account_settings:page") + "#password"


def test_password_reset_sends_a_plain_text_link_that_sets_a_new_password(client, user):
    page = client.get(reverse("password_reset"))
    assertContains(page, '<h1 class="h3 mb-3">Reset your password</h1>', html=True)
    response = client.post(reverse("password_reset"), {"email": "READER@example.com"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Reset your ReviewHub password"
    assert email.to == ["reader@example.com"]
    assert not getattr(email, "alternatives", [])
    assert "Hello reader," in email.body
    assert "&" not in email.body and "<" not in email.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body).group(1)

    form_page = client.get(link, follow=True)
    assertContains(form_page, "Choose a new password")
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assertContains(done, "Your password is reset")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assertContains(client.get(link, follow=True), "This link no longer works")


def test_password_reset_does_not_tell_whether_an_address_has_an_account(client, user):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)
    assertContains(response, "Check your email")
    assert mail.outbox == []


# --- Profile -----------------------------------------------------------------------


@pytest.fixture
def author(db):
    return make_user(username="critic", bio="I watch films.\n\nhttps://critic.example")


def profile_url(user) -> str:
    return reverse("pages:profile", kwargs={"username": user.username})


def test_profile_shows_the_reader_and_their_rating_stats(client, author):
    for rating in [8, 6, None, 8, 3]:
        make_review(author=author, rating=rating)
    response = client.get(profile_url(author))
    assert response.status_code == 200
    assertTemplateUsed(response, "accounts/profile.html")
    assertContains(response, '<h1 class="mb-1">critic</h1>', html=True)
    assertContains(response, "Member since")
    assertContains(response, '<a href="https://critic.example" rel="nofollow ugc noopener">https://critic.example</a>')
    assertContains(response, '<dd class="col-4 text-end" id="stat-reviews">5</dd>', html=True)
    assertContains(response, '<dd class="col-4 text-end" id="stat-ratings">4</dd>', html=True)
    assertContains(response, '<dd class="col-4 text-end" id="stat-average">6.3/10</dd>', html=True)
    html = response.content.decode().split("Whole site")[0]  # the reader's own spread, before the site's
    assertContains(response, '<span class="visually-hidden">8/10: 2 ratings, 50%</span>', html=True)
    assertContains(response, '<span class="visually-hidden">3/10: 1 rating, 25%</span>', html=True)
    assertContains(response, '<span class="visually-hidden">10/10: 0 ratings, 0%</span>', html=True)
    assert html.count('class="histogram-bar w-pct-25"') == 2
    assert html.count('class="histogram-bar w-pct-50"') == 1


def test_profile_without_ratings_says_so(client, author):
    response = client.get(profile_url(author))
    assertContains(response, '<dd class="col-4 text-end" id="stat-average">–</dd>', html=True)
    assertContains(response, "critic has not published a review yet.")
    assertContains(response, "No comments yet.")
    assertNotContains(response, "Rating spread")


def test_profile_lists_reviews_and_comments_with_links(client, author, review):
    own = make_review(author=author, title="Lost in translation, found in Los Angeles", rating=7)
    comment = make_comment(review=review, author=author, body="The ending works because of the letters.")
    response = client.get(profile_url(author))
    assertContains(response, f'<a href="{own.get_absolute_url()}">{own.title}</a>', html=True)
    assertContains(response, f'href="{own.film.get_absolute_url()}"')
    assertContains(response, f'<a href="{comment.get_absolute_url()}">{review.title}</a>', html=True)
    assertContains(response, "The ending works because of the letters.")


def test_profile_hides_hidden_and_deleted_content_from_others(client, author, review, moderator):
    make_review(author=author, title="Kept review", rating=10)
    later_removed = make_review(author=author, title="Review removed later", rating=9)
    removed = make_review(author=author, title="Removed review", rating=1)
    status_set(target=removed, status=Status.REMOVED, action="remove", actor=moderator)
    deleted = make_review(author=author, title="Deleted review", rating=2)
    review_services.review_delete(review=deleted)
    make_comment(review=review, author=author, body="Visible comment")
    held = make_comment(review=review, author=author, body="Held comment")
    status_set(target=held, status=Status.PENDING, action="hold", actor=moderator)
    gone = make_comment(review=review, author=author, body="Deleted comment")
    comment_services.comment_delete(comment=gone)
    on_removed = make_comment(review=later_removed, author=author, body="Comment under a removed review")
    status_set(target=later_removed, status=Status.REMOVED, action="remove", actor=moderator)
    make_comment(review=make_review(title="Someone else's"), author=author, body="Comment kept")

    response = client.get(profile_url(author))
    for text in ["Removed review", "Deleted review", "Review removed later", "Held comment", "Deleted comment"]:
        assertNotContains(response, text)
    assertNotContains(response, on_removed.body)
    assertContains(response, "Kept review")
    assertContains(response, "Visible comment")
    assertContains(response, "Comment kept")
    assertContains(response, '<dd class="col-4 text-end" id="stat-reviews">1</dd>', html=True)
    assertContains(response, '<dd class="col-4 text-end" id="stat-average">10.0/10</dd>', html=True)

    client.force_login(author)
    own_view = client.get(profile_url(author))
    assertContains(own_view, "Held comment")
    assertContains(own_view, "Awaiting moderation")
    assertContains(own_view, "Removed review")
    assertContains(own_view, "Only you can see this review.")
    assertNotContains(own_view, "Deleted review")
    assertNotContains(own_view, "Deleted comment")
    assertContains(own_view, '<dd class="col-4 text-end" id="stat-reviews">1</dd>', html=True)


def test_profile_paginates_reviews(client, author, settings):
    settings.REVIEWHUB_REVIEWS_PER_PAGE = 2
    titles = [make_review(author=author, title=f"Review number {n}").title for n in range(5)]
    first = client.get(profile_url(author))
    assertContains(first, titles[-1])
    assertNotContains(first, titles[0])
    assertContains(first, 'rel="next"')
    last = client.get(profile_url(author), {"page": 3})
    assertContains(last, titles[0])
    assertNotContains(last, titles[-1])


def test_unknown_or_deactivated_profile_is_404(client, author):
    assert client.get(reverse("pages:profile", kwargs={"username": "nobody"})).status_code == 404
    author.is_active = False
    author.save()
    assert client.get(profile_url(author)).status_code == 404


def profile_queries(client: Client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(profile_url(user))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_profile_query_count_does_not_grow_with_content(client, author, review, signed_in):
    if signed_in:
        client.force_login(author)
    make_review(author=author)
    make_comment(review=review, author=author)
    one = profile_queries(client, author)
    for _ in range(12):
        other = make_review(author=author)
        make_comment(review=review, author=author)
        make_comment(review=other)
    many = profile_queries(client, author)
    assert one == many
    assert many <= 10


# --- Password reset limits (finding 9) ----------------------------------------


def test_password_reset_mails_to_one_address_are_limited_with_the_same_page(client, user, settings, mailoutbox):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "password_reset_mail": (2, 3600)}
    for n in range(4):
        response = Client(REMOTE_ADDR=f"198.51.100.{n}").post(
            reverse("password_reset"), {"email": "READER@example.com"}
        )
        assert response.status_code == 302
        assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 2
    assert {tuple(mail.to) for mail in mailoutbox} == {(user.email,)}


def test_password_reset_is_limited_per_client_with_a_429(user, settings, mailoutbox):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "password_reset": (2, 3600)}
    asker = Client(REMOTE_ADDR="198.51.100.9")
    assert asker.post(reverse("password_reset"), {"email": "nobody@example.com"}).status_code == 302
    assert asker.post(reverse("password_reset"), {"email": "someone@example.com"}).status_code == 302
    blocked = asker.post(reverse("password_reset"), {"email": user.email})
    assertContains(blocked, "Too many reset requests from your network. Please try again in", status_code=429)
    assert mailoutbox == []
    assert Client(REMOTE_ADDR="198.51.100.10").post(reverse("password_reset"), {"email": user.email}).status_code == 302
    assert len(mailoutbox) == 1


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(client, user):
    known = client.post(reverse("password_reset"), {"email": user.email}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
