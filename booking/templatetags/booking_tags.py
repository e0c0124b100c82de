from django import template

register = template.Library()


@register.inclusion_tag("booking/components/agency_cards.html", takes_context=True)
def agency_cards(context, limit=None):
    """Cards of the active agencies, each linking to its slots (filled in by the booking module)."""
    return {"agencies": [], "request": context.get("request")}
