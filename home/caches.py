"""Django's file-based cache, tuned for what this site stores in it: the page cache (a write
per page rendered) and Wagtail's image renditions (a write per picture shown).

- Django's backend lists the whole cache folder on every write, to see whether it is full. With
  thousands of pages cached that listing costs more than the write: `FileCache` does it on one
  write in CULL_EVERY, which keeps the folder within MAX_ENTRIES give or take a few writes.
- Wagtail writes every rendition it used back to the cache on each render, even those it
  found ready (prefetched with the page's query): a file written and renamed per picture per
  page. A rendition never changes under its key (the key holds the image, the filter and the
  focal point; a deleted rendition is removed from the cache by Wagtail's signal handler), so
  `RenditionFileCache` writes a key only when it is absent.
"""

import random

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 50


class FileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_EVERY) == 0:  # noqa: S311 (not security-related)
            super()._cull()


class RenditionFileCache(FileCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not self.has_key(key, version=version):
            super().set(key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key, value in data.items():
            self.set(key, value, timeout=timeout, version=version)
        return []
