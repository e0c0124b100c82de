"""Pages go over the wire gzip-compressed to the clients that ask, and only to them: also when
the page cache serves them (it stores the uncompressed page; GZipMiddleware, further out,
compresses each answer for its own request). Static files stay WhiteNoise's."""

import gzip

import pytest
from django.conf import settings
from django.core.cache import cache
from django.middleware import gzip as gzip_middleware
from django.utils.cache import cc_delim_re

from home.page_cache import HIT_HEADER

pytestmark = pytest.mark.django_db

BROWSER = "gzip, deflate, br, zstd"  # what Chromium and Firefox send


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    yield
    cache.clear()


def vary(response) -> set[str]:
    return {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}


def get(client, url, accept_encoding=None):
    extra = {"HTTP_ACCEPT_ENCODING": accept_encoding} if accept_encoding is not None else {}
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def assert_gzip(response) -> bytes:
    assert response["Content-Encoding"] == "gzip"
    assert int(response["Content-Length"]) == len(response.content)
    assert "accept-encoding" in vary(response)
    html = gzip.decompress(response.content)
    assert len(response.content) < len(html) / 2
    return html


def assert_identity(response) -> bytes:
    assert not response.has_header("Content-Encoding")
    assert "accept-encoding" in vary(response)  # a shared cache must not hand it to a gzip client
    assert response.content.lstrip().lower().startswith(b"<!doctype html")
    return response.content


def test_gzip_middleware_sits_after_whitenoise_and_outside_the_page_cache():
    order = settings.MIDDLEWARE
    gzip_at = order.index("home.compression.TextGZipMiddleware")
    assert order.index("whitenoise.middleware.WhiteNoiseMiddleware") == gzip_at - 1
    assert gzip_at < order.index("home.page_cache.PageCacheMiddleware")


def test_a_page_is_gzipped_when_the_browser_asks(client, site):
    html = assert_gzip(get(client, site["showcase"].url, BROWSER))
    assert b"Qui sommes-nous" in html


@pytest.mark.parametrize("accept_encoding", [None, "", "identity", "br", "deflate, br"])
def test_a_page_is_plain_for_a_client_that_did_not_ask_for_gzip(client, site, accept_encoding):
    html = assert_identity(get(client, site["showcase"].url, accept_encoding))
    assert b"Qui sommes-nous" in html


@pytest.mark.parametrize("first", [BROWSER, None], ids=["gzip-first", "plain-first"])
def test_a_cached_page_is_served_both_ways(client, site, page_cache_on, first):
    """Whichever request filled the cache, a hit is compressed for its own request only, and
    holds the same page either way."""
    url = site["showcase"].url
    miss = get(client, url, first)
    assert miss[HIT_HEADER] == "miss"
    plain_hit = get(client, url)
    zipped_hit = get(client, url, BROWSER)
    assert plain_hit[HIT_HEADER] == zipped_hit[HIT_HEADER] == "hit"
    plain = assert_identity(plain_hit)
    assert assert_gzip(zipped_hit) == plain
    assert (assert_gzip(miss) if first else assert_identity(miss)) == plain
    assert {"cookie", "accept-encoding"} <= vary(plain_hit)
    assert {"cookie", "accept-encoding"} <= vary(zipped_hit)


def test_a_rendered_page_is_padded_heal_the_breach(client, site):
    """Django pads each gzip answer it compresses with random bytes (BREACH mitigation): two
    renderings of one page (the page cache is off here) differ in compressed length."""
    url = site["showcase"].url
    lengths = {len(get(client, url, BROWSER).content) for _ in range(8)}
    assert len(lengths) > 1


def test_a_cache_hit_is_not_compressed_again(client, site, page_cache_on, monkeypatch):
    """The hit goes out with the gzip stored with the page, not compressed for each request."""
    calls = []
    monkeypatch.setattr(gzip_middleware, "compress_string", lambda *a, **k: calls.append(a))
    url = site["showcase"].url
    get(client, url)  # the miss, for a client without gzip: nothing compressed
    hits = [get(client, url, BROWSER) for _ in range(3)]
    assert calls == []
    assert [hit[HIT_HEADER] for hit in hits] == ["hit"] * 3
    assert len({hit.content for hit in hits}) == 1
    assert_gzip(hits[0])


def test_static_files_are_left_to_whitenoise(client):
    """WhiteNoise answers static files before GZipMiddleware sees them: a PNG goes as it is,
    not compressed a second time (in production WhiteNoise sends its own `.br`/`.gz` of the
    text files, made once by collectstatic)."""
    png = client.get("/static/icons/favicon-32.png", HTTP_ACCEPT_ENCODING=BROWSER)
    assert png.status_code == 200
    assert not png.has_header("Content-Encoding")
    assert b"".join(png.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("name", ["rendu.jpg", "rendu.webp", "guide.pdf"])
def test_media_files_go_as_they_are(client, settings, tmp_path, name):
    """Media that Django serves (SERVE_MEDIA) are compressed formats: not gzipped again, and
    sent with their length. (The bytes would compress, so only the type can stop it.)"""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / name).write_bytes(b"\0" * 10_000)
    response = client.get(f"/media/{name}", HTTP_ACCEPT_ENCODING=BROWSER)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "accept-encoding" not in vary(response)
    assert response["Content-Length"] == "10000"
    assert b"".join(response.streaming_content) == b"\0" * 10_000


def test_a_streamed_text_answer_is_gzipped_as_it_streams(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "notes.txt").write_text("Osengo\n" * 2_000)
    response = client.get("/media/notes.txt", HTTP_ACCEPT_ENCODING=BROWSER)
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    assert not response.has_header("Content-Length")
    assert gzip.decompress(b"".join(response.streaming_content)) == b"Osengo\n" * 2_000
