"""The terms calculator: received on date X under procedure Y."""

import pytest
from django.contrib.auth import get_user_model

from klachtpad.organisations.models import Procedure


@pytest.fixture
def staff_client(sign_in, db):
    user = get_user_model().objects.create_user(
        "officer", password="a-long-password-1", is_staff=True
    )
    return sign_in(user)


def test_needs_a_staff_login(client, seeded):
    response = client.get("/admin/terms/", follow=True)
    assert "/account/login/" in response.redirect_chain[-1][0]
    assert "Termijnencalculator" not in response.content.decode()


def test_a_password_alone_does_not_open_the_admin(client, seeded):
    user = get_user_model().objects.create_user(
        "officer", password="a-long-password-1", is_staff=True
    )
    client.force_login(user)
    response = client.get("/admin/terms/", follow=True)
    assert "/account/login/" in response.redirect_chain[-1][0]
    assert "Termijnencalculator" not in response.content.decode()


def test_wkkgz_dates_with_atw_shift_and_extension(staff_client, seeded):
    procedure = Procedure.objects.get(organisation__slug="iederzijnwerk")
    # Received Fri 20 Feb 2026: six weeks end on Good Friday 3 April -> Tue 7 April (Atw).
    response = staff_client.get(
        "/admin/terms/", {"procedure": procedure.pk, "received_on": "2026-02-20"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "dinsdag 7 april 2026" in html  # decision term after the Atw shift
    assert "vrijdag 3 april 2026" in html  # the nominal end it explains
    # Acknowledgement 5 working days (Good Friday is worked by default): Fri 27 Feb.
    assert "vrijdag 27 februari 2026" in html
    # Latest end with the one extension: 3 Apr + 4w = Fri 1 May 2026.
    assert "vrijdag 1 mei 2026" in html


def test_bad_date_gets_a_message_not_an_error(staff_client, seeded):
    procedure = Procedure.objects.get(organisation__slug="next")
    response = staff_client.get(
        "/admin/terms/", {"procedure": procedure.pk, "received_on": "31-31-2026"}
    )
    assert response.status_code == 200
    assert "2026-03-02" in response.content.decode()
