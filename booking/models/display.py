"""Display helpers shared by the models, for the pages, the admin lists and inspect views.

A boolean column would otherwise be drawn with django.contrib.admin's icons: that app is not
installed, `collectstatic` never collects its images, and production's manifest storage answers
a page asking for one with a 500. Words also say it without relying on colour or an icon.
"""

from django.utils.translation import gettext


def yes_no(field_name: str, description):
    """A `get_<field>_display` method: « Oui » or « Non ». modeladmin's inspect view calls it for
    the field, and list_display can name it as a column (sortable by the field)."""

    def display(self) -> str:
        return gettext("Oui") if getattr(self, field_name) else gettext("Non")

    display.short_description = description
    display.admin_order_field = field_name
    return display


def choice_label(field_name: str, choices):
    """A `get_<field>_display` method reading the label from the `TextChoices` enum. Django's
    own one hashes every choice of the field at each call, and each lazy label is translated
    again: with the agency cards (a mode per meeting type per agency) that was hundreds of
    translations per page. A value outside the choices reads as itself, like Django's."""

    def display(self) -> str:
        value = getattr(self, field_name)
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    return display
