from io import StringIO

from django.core.management import call_command
from django.db.models import Min, Q
from django.utils import timezone

from klachtpad.complaints.models import Complaint, TermStatusChoices
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


def test_every_complaint_keeps_its_nearest_running_term_end(db, settings):
    """The worklist orders by the stored end; each change of terms (started, extended,
    met, stopped) keeps it equal to the nearest running term's."""
    settings.DEBUG = True
    call_command("demo_load", stdout=StringIO())
    complaints = Complaint.objects.annotate(
        nearest=Min("terms__end_on", filter=Q(terms__status=TermStatusChoices.RUNNING))
    )
    assert complaints.filter(next_term_end__isnull=False).exists()
    assert complaints.filter(next_term_end__isnull=True).exists()
    differ = [
        (c.reference, c.next_term_end, c.nearest)
        for c in complaints
        if c.next_term_end != c.nearest
    ]
    assert differ == []
