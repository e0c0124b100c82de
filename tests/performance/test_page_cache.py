"""The full-page cache (home/page_cache.py): anonymous views of showcase and news pages come
from the cache, a publish or a setting change shows at once, and nothing personal, and no
booking route, is ever served from it."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from booking.services import FounderDetails, appointment_book
from home import page_cache
from home.models import FooterSettings
from home.page_cache import HIT_HEADER
from tests.performance.conftest import first_bookable

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    yield
    cache.clear()


def book(*, slot_id, email, phone):
    """A founder books `slot_id` through the service (what the booking form calls)."""
    return appointment_book(
        slot_id=slot_id,
        founder=FounderDetails(
            first_name="Léa",
            last_name="Martin",
            email=email,
            phone=phone,
            city="Vichy",
            postal_code="03200",
            project_name="Projet",
            project_description="Projet.",
            project_stage="idea",
            project_sector="agri",
        ),
        privacy_version="v1",
        submission_key=f"cache-test-{email}",
    )


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def test_second_anonymous_view_comes_from_the_cache_without_queries(client, site):
    url = site["showcase"].url
    first = get(client, url)
    assert first[HIT_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, url)
    assert second[HIT_HEADER] == "hit"
    assert len(queries.captured_queries) == 0
    assert second.content == first.content
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options"):
        assert second[header] == first[header]
    assert "nonce-" not in second["Content-Security-Policy"]
    assert "Cookie" in second["Vary"]
    assert not second.cookies


def test_a_published_change_shows_at_once(client, site):
    page = site["showcase"]
    get(client, page.url)
    page.title = "Qui sommes-nous vraiment"
    page.save_revision().publish()
    response = get(client, page.url)
    assert response[HIT_HEADER] == "miss"
    assert "Qui sommes-nous vraiment" in response.content.decode()


def test_an_unpublished_page_is_gone_at_once(client, site):
    page = site["showcase"]
    get(client, page.url)
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_footer_settings_change_shows_at_once(client, site):
    url = site["home"].url
    get(client, url)
    footer = FooterSettings.for_site(site["home"].get_site())
    footer.text = "Un nouveau texte de pied de page"
    footer.save()
    assert "Un nouveau texte de pied de page" in get(client, url).content.decode()


def test_news_filters_are_cached_other_parameters_are_not(client, site, grow):
    grow(12)
    url = site["news_index"].url
    get(client, url + "?page=2")
    assert get(client, url + "?page=2")[HIT_HEADER] == "hit"
    get(client, url + "?utm_source=x")
    assert HIT_HEADER not in get(client, url + "?utm_source=x")


def test_logged_in_users_and_sessions_bypass_the_cache(client, site, django_user_model):
    url = site["showcase"].url
    get(client, url)
    assert get(client, url)[HIT_HEADER] == "hit"
    client.cookies["sessionid"] = "anything"
    assert HIT_HEADER not in get(client, url)
    client.cookies.clear()
    user = django_user_model.objects.create_superuser("editrice", "e@example.org", "x" * 16)
    client.force_login(user)
    response = get(client, url)
    assert HIT_HEADER not in response


def test_a_booked_slot_disappears_from_the_slot_page_at_once(client, site, grow):
    grow(20)
    slot = first_bookable()
    booking_page = site["booking_page"]
    from booking.timefmt import to_local

    week = to_local(slot.start).date().isoformat()
    url = f"{booking_page.url}agence/{slot.agency.slug}/?semaine={week}"
    marker = f'value="{slot.pk}"'.encode(), f"creneau={slot.pk}".encode()
    responses = [get(client, url) for _ in range(2)]
    assert [r[HIT_HEADER] for r in responses] == ["miss", "hit"]  # the week is cached…
    assert all(any(m in r.content for m in marker) for r in responses)
    book(slot_id=slot.pk, email="camille.cache@example.org", phone="+33612345670")
    response = get(client, url)  # …until a booking replaces the booking version
    assert response[HIT_HEADER] == "miss"
    assert not any(m in response.content for m in marker)
    # The form and the private pages are never cached.
    form_url = f"{booking_page.url}agence/{slot.agency.slug}/reserver/?creneau={slot.pk}"
    assert all(HIT_HEADER not in get(client, form_url) for _ in range(2))


def test_a_booking_renders_the_home_page_again(client, site, grow):
    grow(20)
    url = site["home"].url
    get(client, url)
    assert get(client, url)[HIT_HEADER] == "hit"
    slot = first_bookable()
    book(slot_id=slot.pk, email="lea.cache@example.org", phone="+33612345671")
    assert get(client, url)[HIT_HEADER] == "miss"


def test_a_booking_keeps_the_pages_without_booking_data_cached(client, site, grow):
    """Only pages that show slots depend on bookings: after one, the news and showcase pages
    are still served from the cache, the home page and the slot page are rendered again."""
    grow(20)
    agency = first_bookable().agency
    urls = {
        "home": site["home"].url,
        "showcase": site["showcase"].url,
        "news": site["news_index"].url,
        "slots": f"{site['booking_page'].url}agence/{agency.slug}/",
    }
    for url in urls.values():
        get(client, url)
    book(slot_id=first_bookable(agency).pk, email="lea.versions@example.org", phone="+33612345672")
    served = {name: get(client, url)[HIT_HEADER] for name, url in urls.items()}
    assert served == {"home": "miss", "showcase": "hit", "news": "hit", "slots": "miss"}


def test_a_page_rendered_while_a_booking_lands_is_not_kept_under_the_new_version(
    client, site, grow, monkeypatch
):
    """The keys come from the versions read before rendering: the slots the page shows may
    predate a booking that replaced the version meanwhile."""
    grow(20)
    url = f"{site['booking_page'].url}agence/{first_bookable().agency.slug}/"
    freeze = page_cache._freeze

    def booking_lands_then_freeze(response):
        page_cache.bump_booking_version()
        return freeze(response)

    monkeypatch.setattr(page_cache, "_freeze", booking_lands_then_freeze)
    assert get(client, url)[HIT_HEADER] == "miss"
    monkeypatch.setattr(page_cache, "_freeze", freeze)
    assert get(client, url)[HIT_HEADER] == "miss"  # rendered again, from the new rows
    assert get(client, url)[HIT_HEADER] == "hit"


def test_a_transaction_replaces_the_content_version_at_each_change_and_once_at_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Each replacement is a cache write (a file with the default cache): the commit-time one
    is made once per transaction, not once per row it changed."""
    versions = []
    monkeypatch.setattr(page_cache.cache, "set", lambda key, value, **kw: versions.append(value))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for _ in range(3):
            page_cache.content_changed()
        assert len(versions) == 3
    assert len(versions) == 4


def test_a_rolled_back_change_does_not_stop_the_next_ones_from_replacing_the_version(
    monkeypatch, django_capture_on_commit_callbacks
):
    versions = []
    monkeypatch.setattr(page_cache.cache, "set", lambda key, value, **kw: versions.append(value))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                page_cache.content_changed()
                raise RuntimeError
        except RuntimeError:
            pass
        page_cache.content_changed()  # registers its own commit-time replacement
    assert len(versions) == 3


def test_the_page_cache_is_on_by_default_with_a_cache_the_workers_share():
    """Without CACHE_URL (most deployments), production settings cache pages in a folder that
    every worker of the machine reads: no server needed, and not a per-process cache."""
    import json
    import os
    import subprocess
    import sys

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CACHE_URL", "REDIS_URL", "PAGE_CACHE_TIMEOUT", "CACHE_DIR")
    }
    env.update(DJANGO_SETTINGS_MODULE="site_config.settings.production", SECRET_KEY="x" * 50)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['renditions']['BACKEND'], "
        "s.PAGE_CACHE_TIMEOUT]))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    backend, renditions, timeout = json.loads(output.strip().splitlines()[-1])
    assert backend == "home.caches.FileCache"  # Django's file-based cache (home/caches.py)
    assert renditions == "home.caches.RenditionFileCache"
    assert timeout > 0


def test_with_the_file_cache_a_publish_in_one_worker_reaches_the_others(
    client, site, settings, tmp_path
):
    """Two workers are two processes with their own cache objects on one folder: the content
    version written by the worker that published is the one every other worker reads."""
    from home.caches import FileCache
    from home.page_cache import VERSION_KEY

    settings.CACHES = {
        "default": {
            "BACKEND": "home.caches.FileCache",
            "LOCATION": str(tmp_path),
        }
    }
    page = site["showcase"]
    assert get(client, page.url)[HIT_HEADER] == "miss"
    assert get(client, page.url)[HIT_HEADER] == "hit"
    other_worker = FileCache(str(tmp_path), {})
    other_worker.set(VERSION_KEY, "published-elsewhere", timeout=None)
    assert get(client, page.url)[HIT_HEADER] == "miss"
    assert get(client, page.url)[HIT_HEADER] == "hit"
