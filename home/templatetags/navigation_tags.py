"""Menu, footer, breadcrumbs and the legal notice's host, each fetched in a constant number of
queries."""

from django import template
from wagtail.models import Page, Site

from home.models import FooterSettings, LegalSettings, NavigationSettings

register = template.Library()


def _setting_for(model, request):
    """The site's setting, or None when the request matches no site (e.g. an unknown host)."""
    if request is None or Site.find_for_request(request) is None:
        return None
    return model.for_request(request)


def _resolved_links(links, request) -> list[dict]:
    resolved = []
    for link in links:
        url = link.get_url(request)
        if url:
            resolved.append({"label": link.label, "url": url})
    return resolved


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    setting = _setting_for(NavigationSettings, request)
    items = []
    if setting is not None:
        items = _resolved_links(setting.menu_items.select_related("link_page"), request)
        current_path = request.path
        for item in items:
            url = item["url"]
            item["is_current"] = url == current_path
            item["is_ancestor"] = url not in ("/", "") and current_path.startswith(url)
    return {"items": items, "request": request}


@register.inclusion_tag("navigation/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    setting = _setting_for(FooterSettings, request)
    links = []
    if setting is not None:
        links = _resolved_links(setting.links.select_related("link_page"), request)
    return {"footer": setting, "links": links, "request": request}


@register.inclusion_tag("components/contact_card.html", takes_context=True)
def contact_card(context):
    """The footer's contact details as a card of a page's side column."""
    return {"footer": _setting_for(FooterSettings, context.get("request"))}


@register.inclusion_tag("components/legal_host.html", takes_context=True)
def legal_host(context, page=None):
    """The host named by the legal settings, on the page they choose as the legal notice."""
    page = page or context.get("page")
    setting = _setting_for(LegalSettings, context.get("request"))
    shown = (
        setting is not None
        and page is not None
        and setting.legal_notice_page_id == page.pk
        and bool(setting.host_name)
    )
    return {"legal": setting if shown else None}


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Ancestors from the site's home page down to `page`, shown only below the home page."""
    page = page or context.get("page")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gt=1).live())
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}
