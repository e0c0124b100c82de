"""Security headers of public pages, the booking pages and the admin, and the admin lockout."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from booking.tokens import token_for
from tests.booking.conftest import booking_page, home_page  # noqa: F401 (fixtures)
from tests.booking.factories import SlotFactory, book

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def assert_strict_public_policy(response):
    csp = csp_directives(response)
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "http" not in response["Content-Security-Policy"]  # no third-party origin
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_public_booking_and_manage_pages_send_the_strict_policy(client, booking_page):  # noqa: F811
    slot = SlotFactory()
    appointment = book(slot)
    urls = {
        "public": booking_page.url,
        "form": booking_page.url
        + booking_page.reverse_subpage("book", args=(slot.agency.slug,))
        + f"?creneau={slot.pk}",
        "manage": booking_page.url
        + booking_page.reverse_subpage("manage", args=(token_for(appointment.token_salt),)),
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_strict_public_policy(response)
        assert response["Referrer-Policy"] == ("no-referrer" if name == "manage" else "same-origin")


def test_the_admin_gets_its_own_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == "'self'"  # Wagtail frames its own page previews
    assert csp["object-src"] == "'none'"
    assert "http" not in response["Content-Security-Policy"]


def test_hsts_on_https_with_production_values(client, settings, booking_page):  # noqa: F811
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(booking_page.url, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 0
    for username in ("conseiller", "collegue"):
        get_user_model().objects.create_user(
            username, f"{username}@osengo.fr", "un-mot-de-passe-solide"
        )


PROXY = "10.0.0.1"


def login(client, username, password, ip="192.0.2.10", forwarded=None):
    headers = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/admin/login/", {"username": username, "password": password}, **headers)


def fail_five_times(client, username="conseiller", **where):
    statuses = [login(client, username, "faux", **where).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks


def test_five_failures_lock_the_username_from_that_address(client, lockout):
    fail_five_times(client)
    locked = login(client, "conseiller", "un-mot-de-passe-solide")
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode()
    # The same person from elsewhere, and a colleague from the same address, still log in.
    assert (
        login(client, "conseiller", "un-mot-de-passe-solide", ip="198.51.100.1").status_code == 302
    )
    client.logout()
    assert login(client, "collegue", "un-mot-de-passe-solide").status_code == 302


def test_failures_of_one_user_never_lock_another_behind_the_same_proxy(client, lockout):
    """Behind a proxy every visitor has its address: an attacker guessing one account (or
    every account) leaves the others able to log in."""
    fail_five_times(client, ip=PROXY)
    for i in range(5):
        login(client, f"inconnu{i}", "faux", ip=PROXY)
    assert login(client, "collegue", "un-mot-de-passe-solide", ip=PROXY).status_code == 302


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, lockout):
    # A client rotating a forged header is still counted on its own address.
    for i in range(4):
        login(client, "conseiller", "faux", forwarded=f"203.0.113.{i}")
    assert login(client, "conseiller", "faux", forwarded="203.0.113.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}


def test_behind_one_trusted_proxy_the_rightmost_forwarded_address_is_the_client(
    client, lockout, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # What the client put on the left of the header does not matter; the proxy's own entry does.
    for i in range(4):
        login(client, "conseiller", "faux", ip=PROXY, forwarded=f"198.51.100.{i}, 203.0.113.5")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    locked = login(client, "conseiller", "faux", ip=PROXY, forwarded="203.0.113.5")
    assert locked.status_code == 429
    # Another visitor of the same proxy, same username: not locked.
    other = login(client, "conseiller", "un-mot-de-passe-solide", ip=PROXY, forwarded="203.0.113.6")
    assert other.status_code == 302


def test_a_forged_address_behind_a_trusted_proxy_falls_back_to_the_connection(
    client, lockout, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    assert (
        login(client, "conseiller", "faux", ip=PROXY, forwarded="pas-une-ip\x00").status_code == 200
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


def test_a_successful_login_resets_the_count(client, lockout):
    for _ in range(4):
        login(client, "conseiller", "faux")
    assert login(client, "conseiller", "un-mot-de-passe-solide").status_code == 302
    assert not AccessAttempt.objects.filter(username="conseiller").exists()
    client.logout()
    for _ in range(4):
        login(client, "conseiller", "faux")
    assert login(client, "conseiller", "un-mot-de-passe-solide").status_code == 302


@pytest.mark.parametrize(
    ("fetch_site", "expected"), [("same-origin", 302), ("cross-site", 403), (None, 403)]
)
def test_private_link_forms_post_with_a_null_origin(booking_page, fetch_site, expected):  # noqa: F811
    """The manage pages are no-referrer, so browsers post their forms with Origin: null."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    appointment = book(SlotFactory())
    token = token_for(appointment.token_salt)
    url = booking_page.url + booking_page.reverse_subpage("manage_cancel", args=(token,))
    page = client.get(url).content.decode()
    csrf_token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    headers = {"HTTP_ORIGIN": "null"}
    if fetch_site:
        headers["HTTP_SEC_FETCH_SITE"] = fetch_site
    response = client.post(url, {"csrfmiddlewaretoken": csrf_token}, **headers)
    assert response.status_code == expected
    appointment.refresh_from_db()
    assert (appointment.status == "cancelled_by_founder") == (expected == 302)


def test_csrf_protection_is_installed():
    """security.W003 is silenced because our CSRF middleware is a subclass of Django's."""
    from django.conf import settings
    from django.middleware.csrf import CsrfViewMiddleware
    from django.utils.module_loading import import_string

    csrf = [import_string(path) for path in settings.MIDDLEWARE if "Csrf" in path]
    assert len(csrf) == 1 and issubclass(csrf[0], CsrfViewMiddleware)
