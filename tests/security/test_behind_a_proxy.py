"""Behind a reverse proxy: the client's address and HTTPS come from the proxy's headers
only when the connection comes from a trusted proxy; rate limits and lockouts count per
real client, and a client cannot pose as another by writing the headers itself."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from klachtpad.addresses import forwarded_client
from klachtpad.complaints.models import Complaint
from tests.complaints.factories import UserFactory
from tests.public.test_complaint_form import FORM, answers, fresh_key

PROXY = "10.0.0.5"


@pytest.mark.parametrize(
    ("remote", "header", "client"),
    [
        ("203.0.113.9", "198.51.100.1", None),  # not from the proxy: the header is ignored
        (PROXY, "198.51.100.1", "198.51.100.1"),
        (PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client wrote is left
        (PROXY, "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # through two proxies
        (PROXY, "not-an-address", None),
        (PROXY, "", None),
    ],
)
@override_settings(KLACHTPAD_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_client_is_the_right_most_address_that_is_no_proxy(remote, header, client):
    assert forwarded_client(remote, header) == client


def proxied(address: str) -> Client:
    """A browser at ``address`` whose requests reach Klachtpad through the proxy."""
    return Client(
        REMOTE_ADDR=PROXY,
        HTTP_HOST="testserver",
        HTTP_X_FORWARDED_FOR=address,
        HTTP_X_FORWARDED_PROTO="https",
    )


@override_settings(KLACHTPAD_TRUSTED_PROXIES=[PROXY], KLACHTPAD_SUBMISSIONS_PER_HOUR=1)
def test_the_form_limit_counts_per_real_client_not_per_proxy(seeded):
    first, second = proxied("198.51.100.1"), proxied("198.51.100.2")
    assert first.post(FORM, answers(fresh_key(first))).status_code == 302
    assert second.post(FORM, answers(fresh_key(second))).status_code == 302
    again = first.post(FORM, answers(fresh_key(first)))
    assert again.status_code == 422  # the first client, again within the hour
    assert Complaint.objects.count() == 2


@override_settings(KLACHTPAD_SUBMISSIONS_PER_HOUR=1)
def test_without_a_trusted_proxy_the_header_changes_nothing(seeded):
    """Someone writing X-Forwarded-For themselves still counts as themselves."""
    posing = [Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in (1, 2)]
    assert posing[0].post(FORM, answers(fresh_key(posing[0]))).status_code == 302
    assert posing[1].post(FORM, answers(fresh_key(posing[1]))).status_code == 422


@override_settings(KLACHTPAD_TRUSTED_PROXIES=[PROXY])
def test_https_through_the_proxy_makes_https_links(seeded):
    browser = proxied("198.51.100.1")
    sent = browser.post(FORM, answers(fresh_key(browser)))
    page = browser.get(sent["Location"]).content.decode()
    assert 'href="https://testserver/volgen/' in page


@override_settings(KLACHTPAD_TRUSTED_PROXIES=[PROXY])
def test_a_lockout_stops_the_guesser_and_not_the_colleague_behind_the_same_proxy(db):
    officer = UserFactory.create(username="officer")
    officer.set_password("een-lang-wachtwoord-1")
    officer.save()
    guesser, colleague = proxied("198.51.100.66"), proxied("198.51.100.7")
    for _ in range(5):
        guesser.post(reverse("accounts:login"), {"username": "officer", "password": "fout"})
    locked = guesser.post(
        reverse("accounts:login"), {"username": "officer", "password": "een-lang-wachtwoord-1"}
    )
    assert locked.status_code == 429
    signed = colleague.post(
        reverse("accounts:login"), {"username": "officer", "password": "een-lang-wachtwoord-1"}
    )
    assert signed.status_code == 302  # on to the second factor


@pytest.mark.django_db
def test_health_says_live_and_ready_with_what_it_checked(client):
    assert client.get("/health/live").json() == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    body = ready.json()
    assert body["checks"]["database"] == body["checks"]["storage"] == "ok"
    assert body["checks"]["queue_lag_seconds"] == 0


@pytest.mark.django_db
def test_a_request_is_logged_as_one_json_line_with_its_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="klachtpad.request"):
        response = client.get("/volgen/een-geheime-link/?q=Jansen")
    record = next(r for r in caplog.records if r.name == "klachtpad.request")
    assert record.getMessage() == f"GET /volgen/…/ {response.status_code}"
    assert response["X-Request-ID"] and len(response["X-Request-ID"]) == 32
    # Production writes it as JSON (debug mode, as here, as text).
    formatters: Any = settings.LOGGING["formatters"]
    options = {k: v for k, v in formatters["json"].items() if k != "()"}
    record.request_id = response["X-Request-ID"]
    line = json.loads(JsonFormatter(**options).format(record))
    assert line["request_id"] == response["X-Request-ID"]
    assert line["status"] == response.status_code and "Jansen" not in json.dumps(line)
    assert line["level"] == "INFO" and line["logger"] == "klachtpad.request" and line["time"]
