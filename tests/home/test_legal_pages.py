"""The legal notice names the host from the settings; the privacy policy states the legal basis
the booking form asks for."""

import io

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from booking.models import BookingPage
from booking.public.forms import BookingForm
from home.models import LegalSettings, StandardPage

from .factories import StandardPageFactory


@pytest.fixture
def legal_notice(home_page):
    page = StandardPageFactory(parent=home_page, title="Mentions légales", slug="mentions")
    legal = LegalSettings.for_site(home_page.get_site())
    legal.legal_notice_page = page
    legal.host_name = "Hébergeur Test SAS"
    legal.host_address = "1 rue du Serveur\n63000 Clermont-Ferrand"
    legal.host_phone = "04 73 11 22 33"
    legal.host_url = "https://hebergeur.example/"
    legal.save()
    return page


def test_the_legal_notice_names_the_host_of_the_settings(legal_notice, client):
    html = client.get(legal_notice.url).content.decode()
    assert "Ce site est hébergé par Hébergeur Test SAS." in html
    assert "1 rue du Serveur<br>63000 Clermont-Ferrand" in html
    assert 'href="tel:0473112233"' in html
    assert 'href="https://hebergeur.example/"' in html


def test_other_pages_do_not_show_the_host(legal_notice, home_page, client):
    other = StandardPageFactory(parent=home_page, title="Contact", slug="contact")
    assert "Hébergeur Test SAS" not in client.get(other.url).content.decode()


def test_a_changed_host_shows_at_once_and_an_empty_one_shows_nothing(legal_notice, client):
    legal = LegalSettings.objects.get()
    legal.host_name = "Autre Hébergeur"
    legal.save()
    assert "hébergé par Autre Hébergeur" in client.get(legal_notice.url).content.decode()
    legal.host_name = ""
    legal.save()
    assert 'id="titre-hebergeur"' not in client.get(legal_notice.url).content.decode()


@pytest.mark.django_db
def test_demo_legal_pages_name_the_host_and_the_basis_the_form_asks_for(client):
    call_command("load_demo_data", stdout=io.StringIO())

    notice = client.get("/mentions-legales/").content.decode()
    assert "Ce site est hébergé par Auvergne Hébergement SAS." in notice
    assert "seront précisés" not in notice

    # The form asks for the founder's agreement: consent is the basis, in every text about it.
    assert str(BookingForm.base_fields["consent"].label).startswith("J'accepte qu'Osengo traite")
    policy = strip_tags(
        StandardPage.objects.get(slug="politique-de-confidentialite").body.render_as_block()
    )
    assert "consentement (article 6.1.a du RGPD)" in policy
    assert "précontractuelles" not in policy
    assert "base légale : votre consentement" in BookingPage.objects.get().privacy_notice
