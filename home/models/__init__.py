"""Models of the showcase site: page types and the settings editors change without code."""

from .pages import HomePage, StandardPage, TeamIndexPage, TeamMember
from .site_settings import (
    FooterLink,
    FooterSettings,
    LegalSettings,
    MenuItem,
    NavigationSettings,
)

__all__ = [
    "FooterLink",
    "FooterSettings",
    "HomePage",
    "LegalSettings",
    "MenuItem",
    "NavigationSettings",
    "StandardPage",
    "TeamIndexPage",
    "TeamMember",
]
