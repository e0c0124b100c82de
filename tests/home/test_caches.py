"""The file-based caches of the embedded default (home/caches.py): a page render writes no
rendition it found ready, and the page cache's folder stays bounded without being listed at
every write."""

import random

import pytest
from django.core.cache import caches
from django.test import override_settings
from wagtail.images import get_image_model

from home import caches as home_caches
from home.caches import FileCache, RenditionFileCache
from tests.news.conftest import ImageFactory

pytestmark = pytest.mark.django_db


def files_in(folder):
    return sorted(p for p in folder.iterdir() if p.suffix == ".djcache")


def test_a_rendition_is_written_once_then_only_read(tmp_path, monkeypatch):
    cache = RenditionFileCache(str(tmp_path), {})
    cache.set("rendition-1-fill-640x360", "first")
    written = files_in(tmp_path)
    mtime = written[0].stat().st_mtime_ns
    writes = []
    monkeypatch.setattr(home_caches.FileCache, "set", lambda *a, **k: writes.append(a))
    cache.set_many({"rendition-1-fill-640x360": "again"})
    assert writes == []  # present: not written again
    assert cache.get("rendition-1-fill-640x360") == "first"
    assert written[0].stat().st_mtime_ns == mtime
    cache.delete("rendition-1-fill-640x360")  # what Wagtail does when it deletes a rendition
    monkeypatch.undo()
    cache.set("rendition-1-fill-640x360", "new")
    assert cache.get("rendition-1-fill-640x360") == "new"


def test_pictures_shown_again_write_nothing_to_the_renditions_cache(tmp_path, monkeypatch):
    settings = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {"BACKEND": "home.caches.RenditionFileCache", "LOCATION": str(tmp_path)},
    }
    with override_settings(CACHES=settings):
        image = ImageFactory()
        image.get_renditions("fill-640x360|format-webp", "fill-640x360|format-jpeg")
        assert len(files_in(tmp_path)) == 2
        writes = []
        original = FileCache.set
        monkeypatch.setattr(
            FileCache, "set", lambda self, *a, **k: writes.append(a[0]) or original(self, *a, **k)
        )
        fresh = get_image_model().objects.prefetch_renditions("fill-640x360|format-webp")
        fresh.get(pk=image.pk).get_renditions("fill-640x360|format-webp")
        assert writes == []
        caches["renditions"].clear()


def test_the_folder_stays_bounded_without_listing_it_at_every_write(tmp_path, monkeypatch):
    random.seed(2026)  # which writes cull is random: the same draw every run
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 2}})
    listings = []
    original = FileCache._list_cache_files
    monkeypatch.setattr(
        FileCache, "_list_cache_files", lambda self: listings.append(1) or original(self)
    )
    for n in range(500):
        cache.set(f"page-{n}", "x" * 10)
    assert len(listings) < 500 / 10  # about one write in CULL_EVERY
    # Over MAX_ENTRIES by the writes between two culls (a few tens here, nothing next to the
    # 20,000 of the settings), far from the 500 an uncapped folder would hold.
    assert len(files_in(tmp_path)) < 200
