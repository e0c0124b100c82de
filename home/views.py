"""Site search, robots.txt, /favicon.ico and the health check: the views that are not pages of
the tree."""

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_safe
def search(request):
    search_query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    # NUL bytes (refused by PostgreSQL) and double quotes (a syntax error for SQLite's full-text
    # search) would be server errors; neither helps a search.
    terms = search_query.replace('"', " ").strip()
    results = Page.objects.none()
    if terms:
        pages = Page.objects.live().public()
        site = Site.find_for_request(request)
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        results = pages.specific().search(terms)

    # get_page() falls back to the first page for junk and to the last page when too far.
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": search_query, "search_results": page_obj},
    )


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and bots ask for /favicon.ico whatever the page links. A temporary redirect to
    the static file, whose name changes with its content in production: a permanent one would
    keep them on an old icon."""
    response = HttpResponseRedirect(static("icons/favicon.ico"))
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


@never_cache
@require_safe
def health(request):
    """For the host's health checks and the benchmark's ceiling: goes through every middleware
    but touches neither the database nor a template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
