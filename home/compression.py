"""Gzip for the text Django renders (pages, JSON, the CSV export, calendars), never for what is
compressed already. Django's GZipMiddleware compresses any answer of 200 bytes or more,
whatever its type: behind it, the media files Django serves on small hosts (JPEG and WebP
renditions, PDF documents) would be compressed again on every request, for a few per cent at
best, and sent without a Content-Length (a streamed answer)."""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_PREFIXES = ("text/",)  # HTML, CSS, CSV, calendars, plain text
COMPRESSIBLE_TYPES = frozenset(
    {
        "application/json",
        "application/javascript",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/manifest+json",
        "image/svg+xml",
    }
)


def compressible(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(COMPRESSIBLE_PREFIXES) or media_type in COMPRESSIBLE_TYPES


class TextGZipMiddleware(GZipMiddleware):
    """Django's middleware, with its BREACH mitigation ("Heal The Breach", Django 4.2+: up to
    `max_random_bytes` = 100 random bytes in each gzip answer), for text types only. An answer
    it leaves alone gets no `Vary: Accept-Encoding`: it is the same for every client."""

    def process_response(self, request, response):
        if not compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
