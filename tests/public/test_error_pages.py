"""Error pages speak the site's language, in its layout, with a way on."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from klachtpad.urls import urlpatterns as site_patterns

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a fault on our side")


urlpatterns = [path("kapot/", broken), *site_patterns]


def test_an_unknown_address_gets_the_404_page_in_dutch_and_in_english(client):
    dutch = client.get("/bestaat-niet/deze-pagina/")
    english = client.get("/en/bestaat-niet/deze-pagina/")

    assert dutch.status_code == english.status_code == 404
    html = dutch.content.decode()
    assert "We kunnen deze pagina niet vinden" in html and '<main id="main"' in html
    assert 'href="/"' in html  # the organisations, to start again
    assert "We cannot find this page" in english.content.decode()


@pytest.mark.urls(__name__)
def test_a_fault_gets_the_500_page_without_the_details(settings):
    settings.DEBUG = False
    answer = Client(raise_request_exception=False).get("/kapot/")

    assert answer.status_code == 500
    html = answer.content.decode()
    assert "Er ging bij ons iets mis" in html and "a fault on our side" not in html
    assert "site.css" in html
    # Whoever was sending a complaint learns whether it arrived, and that sending again
    # makes no second one.
    assert "alleen aangekomen als je een pagina met je klachtnummer hebt gezien" in html
    assert "een klacht komt nooit twee keer aan" in html


def test_a_refused_form_gets_the_csrf_page_in_the_sites_words(settings):
    browser = Client(enforce_csrf_checks=True)
    answer = browser.post("/volgen/nieuwe-link/", {"token": "x"})

    assert answer.status_code == 403
    assert "Verstuur het formulier opnieuw" in answer.content.decode()
