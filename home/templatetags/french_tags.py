"""`{% load french_tags %}`: the French typography of home/french.py as template filters.

Inside a {% blocktranslate %}, pass the finished phrase as a variable, so that the elision is
not split from its name: `{% blocktranslate with of_agency=agency.name|de %}Tous les créneaux
{{ of_agency }}{% endblocktranslate %}`."""

from django import template

from home import french

register = template.Library()


@register.filter
def de(name) -> str:
    """`{{ agency.name|de }}`: "de Clermont-Ferrand", "d'Aurillac"."""
    return french.de(name)


@register.filter
def day_month(value) -> str:
    """`{{ day|day_month }}`: "1er mars", "2 mars"."""
    return french.day_month(value) if value else ""


@register.filter
def long_date(value) -> str:
    """`{{ page.date|long_date }}`: "1er mars 2027"."""
    return french.long_date(value) if value else ""


@register.filter
def full_date(value) -> str:
    """`{{ day|full_date }}`: "lundi 1er mars 2027"."""
    return french.full_date(value) if value else ""
