from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from klachtpad.complaints.models import Complaint
from klachtpad.complaints.services.terms import running
from klachtpad.domain.schemes.vocabulary import TermKind


def test_demo_complaints_in_every_state(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_load", stdout=out)
    per_organisation = {
        slug: Complaint.objects.filter(organisation__slug=slug).count()
        for slug in ("next", "iederzijnwerk", "permens", "zorgkracht12", "nexxtep")
    }
    assert per_organisation == {
        "next": 8,
        "iederzijnwerk": 8,
        "permens": 8,
        "nexxtep": 8,
        # Zorgkracht 12's schemes set no terms and start with an outside body.
        "zorgkracht12": 5,
    }
    permens = Complaint.objects.filter(organisation__slug="permens")
    assert set(permens.values_list("state", flat=True)) == {"open", "decided", "closed"}
    assert set(permens.values_list("closure", flat=True)) == {"", "declined", "withdrawn"}
    assert permens.filter(terms__extensions__isnull=False).count() == 1
    assert permens.filter(meetings__isnull=False).count() == 1
    today = timezone.localdate()
    overdue = [c for c in permens if running(c, [TermKind.DECISION]).filter(end_on__lt=today)]
    assert len(overdue) == 1
    assert "zorgkracht12: overdue: left out: this procedure sets no decision term" in out.getvalue()

    call_command("demo_load", stdout=StringIO())
    assert Complaint.objects.count() == sum(per_organisation.values())
