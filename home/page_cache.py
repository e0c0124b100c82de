"""Full-page cache of the public showcase and news pages, for anonymous visitors.

Rendering a Wagtail page costs 10 to 20 times a trivial view (menu, footer, StreamField, image
renditions); most visitors are anonymous and see the same HTML. `PageCacheMiddleware` keeps the
finished response of such pages in Django's cache and serves it again without touching the
database, the session or a template.

What may be cached — everything else goes through untouched:
- a GET with no session or messages cookie and no Authorization header (so never a logged-in
  user, an editor previewing, or a founder just back from booking), whose query string only
  holds the parameters of ``CACHED_QUERY_PARAMETERS`` (no cache-busting with ``?x=random``);
- a 200 answer of a page type, or of a route of a routable page, that declares itself the same
  for every anonymous visitor with ``@cache_for_anonymous`` (read by the ``before_serve_page``
  hook below). The booking form and the private manage pages are never marked;
- an answer that sets no cookie, left the session empty, does not vary on everything, is not
  private/no-store/no-cache, and whose Content-Security-Policy carries no nonce (a nonce served
  twice is no nonce: public templates use none, and such a response is simply not cached).

Invalidation: every key contains a *content version* kept in the cache itself. Any change that
pages show replaces it — a page published, unpublished, saved, moved or deleted, the menu, the
footer, sites, news categories, images, agencies and meeting types. Old entries are then
unreachable and expire on their own. The version is replaced when the signal fires and again
once the transaction commits, so a page rendered from the old rows in between is never stored
under the new version.

Booking rows (slots, appointments, their history, closures) change all day and only some pages
show them: those declared `@cache_for_anonymous(booking_data=True)` (the home page's agency
cards, the agency list, the slot pages) or whose rendering called `mark_booking_data(request)`
(a block listing slots, the team cards' "Prendre rendez-vous avec…" buttons). Such a page
is stored under a second key that also holds the *booking version*, and its content-version
key only says so; a booking replaces the booking version alone. So a booking shows at once
where slots are shown, and the news and showcase pages stay cached.

Staleness that remains, on purpose: writes that send no signal — `QuerySet.update()` (an agency
deactivated, slots closed for a holiday), `bulk_create()` (the slot generator) — and the mere
passing of time (the booking window moves, so the "next free slot" of an agency changes) reach
the pages with booking data within ``BOOKING_DATA_MAX_AGE`` (60 s), other pages within
``PAGE_CACHE_TIMEOUT``. Bookings and status changes do send signals: they show at once.

Compression: the entry holds the page as rendered and its gzip, made once when stored; a hit
is answered gzip-compressed to a client that asks for it, as it is to any other, with
`Vary: Accept-Encoding` either way (home/compression.py compresses everything else).

The cache must be shared by every process that serves or publishes, or a publish in one worker
would not reach the others: the default is Django's file-based cache (one folder per machine,
no server), Redis (``CACHE_URL``) when several machines serve the site (see settings/base.py).
"""

import hashlib
import logging
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.text import compress_string
from wagtail import hooks
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.compression import compressible

logger = logging.getLogger(__name__)

# Pages that show booking data (agency cards, free slots) live shorter: see the docstring.
BOOKING_DATA_MAX_AGE = 60
MAX_AGE_ATTRIBUTE = "page_cache_max_age"
# The news index's filters and pagination, the slot page's week, type and adviser; any other
# parameter bypasses the cache. (An unknown adviser is a 404, never stored.)
CACHED_QUERY_PARAMETERS = frozenset({"page", "categorie", "tag", "semaine", "type", "conseiller"})
MAX_QUERY_STRING = 200
BYPASS_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/")

VERSION_KEY = "page-cache:version"
BOOKING_VERSION_KEY = "page-cache:booking-version"
BOOKING_DATA_ATTRIBUTE = "page_cache_booking_data"
# Stored under the content-version key of a page with booking data: "look under the other key".
SEE_BOOKING_KEY = "see-booking-key"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
HIT_HEADER = "X-Page-Cache"


# --- content version ----------------------------------------------------------------------


def _version(key: str) -> str:
    version = cache.get(key)
    if version is None:
        cache.add(key, str(time.time_ns()), timeout=None)
        version = cache.get(key)
    return str(version)


def content_version() -> str:
    return _version(VERSION_KEY)


def booking_version() -> str:
    return _version(BOOKING_VERSION_KEY)


def _replace(key: str) -> None:
    try:
        cache.set(key, str(time.time_ns()), timeout=None)
    except Exception:  # a cache outage must not break a publish or a booking
        logger.exception("Page cache: could not replace %s", key)


def bump_content_version() -> None:
    """Make every cached page unreachable (they then expire on their own)."""
    _replace(VERSION_KEY)


def bump_booking_version() -> None:
    """Make the cached pages that show booking data unreachable."""
    _replace(BOOKING_VERSION_KEY)


def _changed(bump) -> None:
    """Replace a version now, and once more when the transaction commits: one commit-time
    replacement per atomic block, however many rows it changes (a booking writes an
    appointment and its history; each replacement is a cache write)."""
    bump()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    block = set(connection.savepoint_ids)  # a rolled-back savepoint drops its callbacks
    pending = connection.run_on_commit
    if not any(sids == block and callback is bump for sids, callback, _ in pending):
        transaction.on_commit(bump)


def content_changed(sender=None, **kwargs) -> None:
    # A site setting made on first read (`for_request` creates it, mid-render, with its empty
    # defaults) changes nothing a page showed: only a later save does.
    instance = kwargs.get("instance")
    if kwargs.get("created") and isinstance(instance, BaseSiteSetting):
        return
    _changed(bump_content_version)


def booking_changed(sender=None, **kwargs) -> None:
    _changed(bump_booking_version)


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        content_changed()


def _page_saved(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.live:
        content_changed()


WATCHED_MODELS = (
    "wagtailcore.Site",
    "home.NavigationSettings",
    "home.MenuItem",
    "home.FooterSettings",
    "home.FooterLink",
    "home.LegalSettings",
    "home.TeamMember",
    "news.NewsCategory",
    # Agencies and meeting types are named on content pages too.
    "booking.Agency",
    "booking.MeetingType",
)
# What moves the free slots and the next free slot of an agency.
BOOKING_MODELS = (
    "booking.Slot",
    "booking.Appointment",
    "booking.StatusChange",
    "booking.Closure",
)


def connect_signals() -> None:
    """Called once from HomeConfig.ready()."""
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"page-cache-{id(signal)}")
    # Pages: any subclass, so no sender; the receivers check the instance type.
    post_save.connect(_page_saved, dispatch_uid="page-cache-page-save")
    post_delete.connect(_page_deleted, dispatch_uid="page-cache-page-delete")
    watched = [(apps.get_model(label), content_changed) for label in WATCHED_MODELS]
    watched.append((get_image_model(), content_changed))
    watched += [(apps.get_model(label), booking_changed) for label in BOOKING_MODELS]
    for model, receiver in watched:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=model,
                dispatch_uid=f"page-cache-{model._meta.label}-{id(signal)}",
            )


# --- which pages ------------------------------------------------------------------------------


def cache_for_anonymous(*, max_age: int | None = None, booking_data: bool = False):
    """Declare a page type, or one route of a routable page, the same for every anonymous
    visitor: the middleware may then keep its answer (for `max_age` seconds at most, else
    PAGE_CACHE_TIMEOUT). `booking_data`: it shows slots or the next free slot, so a booking
    renders it again, and it lives BOOKING_DATA_MAX_AGE at most. On a routable page, a marked
    route wins over the page type."""
    if booking_data:
        max_age = min(max_age or BOOKING_DATA_MAX_AGE, BOOKING_DATA_MAX_AGE)

    def mark(target):
        setattr(target, MAX_AGE_ATTRIBUTE, max_age)
        setattr(target, BOOKING_DATA_ATTRIBUTE, booking_data)
        return target

    return mark


def _declaration(page, serve_args):
    """The page type or route that declared itself cacheable, or None."""
    # A routable page is served with (view, args, kwargs): the route's method may be marked.
    view = serve_args[0] if serve_args and callable(serve_args[0]) else None
    for target in (view, page):
        if target is not None and hasattr(target, MAX_AGE_ATTRIBUTE):
            return target
    return None


def declared_max_age(page, serve_args) -> int | None:
    """How long this answer may be cached, or None if the page or route did not say so."""
    target = _declaration(page, serve_args)
    if target is None:
        return None
    max_age = getattr(target, MAX_AGE_ATTRIBUTE)
    timeout = settings.PAGE_CACHE_TIMEOUT
    return timeout if max_age is None else min(timeout, max_age)


def mark_booking_data(request) -> None:
    """Called while rendering something that shows slots (a block on any page): this answer
    is kept under the booking version too, and BOOKING_DATA_MAX_AGE at most."""
    if request is None:
        return
    request.page_cache_booking_data = True
    timeout = getattr(request, "page_cache_timeout", 0)
    if timeout:
        request.page_cache_timeout = min(timeout, BOOKING_DATA_MAX_AGE)


@hooks.register("before_serve_page")
def _mark_cacheable_page(page, request, serve_args, serve_kwargs):
    """Tell the middleware that this answer may be cached, for how long, and whether it shows
    booking data."""
    timeout = declared_max_age(page, serve_args)
    if timeout:
        request.page_cache_timeout = timeout
        if getattr(_declaration(page, serve_args), BOOKING_DATA_ATTRIBUTE, False):
            mark_booking_data(request)


def _cacheable_request(request) -> bool:
    if request.method != "GET" or request.path.startswith(BYPASS_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    query = request.META.get("QUERY_STRING", "")
    return len(query) <= MAX_QUERY_STRING and set(request.GET) <= CACHED_QUERY_PARAMETERS


def _cacheable_response(request, response) -> bool:
    if not getattr(request, "page_cache_timeout", 0):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # Templates look at `request.user` (the userbar), which reads the session and makes the
    # response "Vary: Cookie". That is fine: it was rendered for a request without a session or
    # messages cookie, and only such requests are ever served from the cache. A session that
    # holds or received something, though, means the page was not the anonymous one.
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    if "*" in {v.strip() for v in cc_delim_re.split(response.get("Vary", ""))}:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return "'nonce-" not in response.get("Content-Security-Policy", "")


def _digest(request) -> str:
    url = f"{request.get_host()}{request.get_full_path()}"
    return hashlib.sha256(url.encode()).hexdigest()


class _Keys:
    """The two keys of a request's answer, from the versions read once, before the page is
    rendered: a page rendered from rows that a booking or a publish changed meanwhile is then
    stored under the old version, where nobody looks any more, never under the new one."""

    def __init__(self, request):
        digest = _digest(request)
        content = content_version()
        self.content = f"page-cache:{content}:{digest}"
        self.booking = f"page-cache:{content}:{booking_version()}:{digest}"


# --- the middleware ---------------------------------------------------------------------------


class PageCacheMiddleware:
    """Right after CommonMiddleware: a hit skips CSRF, authentication, messages and the page
    itself; the headers those added (X-Frame-Options, Content-Security-Policy) were stored with
    the response, and SecurityMiddleware, further out, adds its own again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_TIMEOUT or not _cacheable_request(request):
            return self.get_response(request)
        try:
            keys = _Keys(request)
            stored = cache.get(keys.content)
            if stored == SEE_BOOKING_KEY:
                stored = cache.get(keys.booking)
        except Exception:  # a cache outage: serve pages uncached
            logger.exception("Page cache: lookup failed")
            return self.get_response(request)
        if stored is not None:
            return _thaw(stored, request)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            try:
                _store(request, keys, response)
            except Exception:
                logger.exception("Page cache: store failed")
            else:
                response[HIT_HEADER] = "miss"
        return response


def _store(request, keys: _Keys, response) -> None:
    timeout = request.page_cache_timeout
    if getattr(request, "page_cache_booking_data", False):
        cache.set(keys.booking, _freeze(response), timeout)
        cache.set(keys.content, SEE_BOOKING_KEY, timeout)
    else:
        cache.set(keys.content, _freeze(response), timeout)


def _freeze(response) -> tuple:
    """The answer as rendered (GZipMiddleware, further out, has not compressed it yet), and
    its gzip compressed once here: compressing the home page's 45 KB again for each hit would
    cost about 1 ms, a third of the hit itself, for every browser (all ask for gzip). No
    "Heal The Breach" padding on it: a page the cache serves to every anonymous visitor holds
    no secret from any of them (no session, no cookie, no CSRF token: see
    `_cacheable_response`), so its compressed length reveals nothing."""
    content = response.content
    zipped = None
    # GZipMiddleware's rules: text of 200 bytes or more, kept only when it is smaller.
    if compressible(response.get("Content-Type", "")) and len(content) >= 200:
        zipped = compress_string(content)
        if len(zipped) >= len(content):
            zipped = None
    return (response.status_code, list(response.items()), content, zipped)


def _thaw(stored, request) -> HttpResponse:
    status, headers, content, *rest = stored  # entries stored before gzip have no 4th item
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    # Rendered for a request without a session cookie: say so to any cache further down.
    patch_vary_headers(response, ("Cookie",))
    zipped = rest[0] if rest else None
    if zipped is not None:
        # As GZipMiddleware would: gzip only to a client that asked, Vary either way (the
        # middleware then leaves an answer that already has a Content-Encoding alone).
        patch_vary_headers(response, ("Accept-Encoding",))
        if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response.content = zipped
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(zipped))
    response[HIT_HEADER] = "hit"
    return response
