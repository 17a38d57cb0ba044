"""The reports a scheme promises: IederZijnWerk's yearly report to management, and
Nexxtep's report on handled complaints, discussed and decided on at least yearly."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from klachtpad.complaints import services
from klachtpad.domain.reporting import Period
from klachtpad.domain.schemes.vocabulary import ReportCovers
from klachtpad.notifications.models import StaffNotification
from klachtpad.organisations.models import Organisation
from klachtpad.reports.models import PeriodicReport
from klachtpad.reports.periodic import periodic_reports_plan
from klachtpad.reports.report import report_build
from tests.complaints.factories import ComplaintFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db


def test_iederzijnwerk_yearly_report_falls_due_is_sent_and_discussed(
    client, sign_in, seeded, travel
):
    izw = Organisation.objects.get(slug="iederzijnwerk")
    officer = member(izw, "complaints_officer", "izw-klachten")
    director = member(izw, "management", "izw-directie")
    mine = PeriodicReport.objects.filter(organisation=izw)
    travel("2026-12-20")
    periodic_reports_plan(timezone.localdate())
    assert [r.period_start.year for r in mine] == [2025]  # 2026 has not ended
    travel("2027-01-05")
    assert periodic_reports_plan(timezone.localdate()) >= 1
    assert periodic_reports_plan(timezone.localdate()) == 0  # once
    assert mine.all().count() == 2
    report = PeriodicReport.objects.get(organisation=izw, period_start=date(2026, 1, 1))
    assert (report.period_end, report.due_on) == (date(2026, 12, 31), date(2027, 1, 31))
    told = StaffNotification.objects.filter(user=officer, kind="report_ready")
    assert told.filter(params__start="2026-01-01").count() == 1
    travel("2027-02-02")
    periodic_reports_plan(timezone.localdate())
    periodic_reports_plan(timezone.localdate())
    assert told.filter(template__contains="not yet sent", params__start="2026-01-01").count() == 1

    sign_in(officer)
    listed = client.get("/staff/iederzijnwerk/reports/periodic/").content.decode()
    assert "1 januari 2026 – 31 december 2026" in listed and "te laat" in listed
    page = client.get(f"/staff/iederzijnwerk/reports/periodic/{report.pk}/").content.decode()
    assert "directie" in page.lower()
    assert "start=2026-01-01&amp;end=2026-12-31" in page
    figures = client.get(
        f"/staff/iederzijnwerk/reports/?start=2026-01-01&end=2026-12-31"
        f"&procedure={report.procedure_id}&covers=received"
    )
    assert figures.status_code == 200
    client.post(f"/staff/iederzijnwerk/reports/periodic/{report.pk}/send/")
    report.refresh_from_db()
    assert report.sent_on == date(2027, 2, 2) and director.get_full_name() in report.sent_to
    assert StaffNotification.objects.filter(user=director, template__contains="was sent to you")
    refused = client.post(
        f"/staff/iederzijnwerk/reports/periodic/{report.pk}/discussed/",
        {"discussed_on": "2027-03-01", "minutes": "Besproken."},
    )
    assert refused.status_code == 422 and "in de toekomst" in refused.content.decode()
    client.post(
        f"/staff/iederzijnwerk/reports/periodic/{report.pk}/discussed/",
        {
            "discussed_on": "2027-02-02",
            "minutes": "De directie besprak de klachten van 2026.",
            "decisions": "Vervanging bij verlof wordt vooraf geregeld.",
        },
    )
    report.refresh_from_db()
    assert report.decisions == "Vervanging bij verlof wordt vooraf geregeld."
    assert (
        "Vervanging bij verlof"
        in client.get(f"/staff/iederzijnwerk/reports/periodic/{report.pk}/").content.decode()
    )


def test_nexxtep_reports_on_the_complaints_handled_in_the_period(seeded, travel):
    nexxtep = Organisation.objects.get(slug="nexxtep")
    procedure = nexxtep.procedures.get()
    officer = services.Actor.staff(member(nexxtep, "complaints_officer", "nx-klachten"))
    travel("2025-12-01")
    complaint = ComplaintFactory.create(procedure=procedure)  # received in 2025
    travel("2026-01-20")
    services.complaint_withdraw(complaint, actor=officer)  # closed in 2026
    travel("2027-01-10")
    periodic_reports_plan(timezone.localdate())
    report = PeriodicReport.objects.get(organisation=nexxtep, period_start=date(2026, 1, 1))
    assert report.covers == "handled"
    year = Period.year(2026)
    handled = report_build([nexxtep], year, covers=ReportCovers.HANDLED, as_of=date(2027, 1, 10))
    received = report_build([nexxtep], year, as_of=date(2027, 1, 10))
    assert (handled.current.received, received.current.received) == (1, 0)
