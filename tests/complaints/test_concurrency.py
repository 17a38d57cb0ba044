"""Two staff members acting on the same complaint at the same moment, on two real
database connections: only one conflicting change succeeds."""

import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint, ReferenceCounter, TermExtension
from klachtpad.domain import deadlines
from klachtpad.organisations.models import Procedure
from klachtpad.organisations.services import scheme_load
from tests.threads import all_at_once

from .factories import ComplaintFactory, day, staff

SCHEME = Path(__file__).resolve().parents[2] / "schemes" / "permens.yaml"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    # SQLite has no row locks; `make test` runs these in its PostgreSQL pass, which CI
    # requires (KLACHTPAD_REQUIRE_POSTGRES=1).
    reason="row locks between two connections are tested on PostgreSQL",
)


@pytest.fixture
def complaint(transactional_db, travel):
    scheme_load(text=SCHEME.read_text(encoding="utf-8"), source="schemes/permens.yaml")
    travel("2026-03-02")
    made = ComplaintFactory.create(
        procedure=Procedure.objects.get(key="care"), received_on=day("2026-03-02")
    )
    travel("2026-04-08")
    return made


@pytest.fixture
def slow_decisions(monkeypatch):
    """Hold the row lock a while, so the second request arrives while the first works."""
    decide = deadlines.decide_extension

    def slow(*args, **kwargs):
        time.sleep(0.4)
        return decide(*args, **kwargs)

    monkeypatch.setattr(deadlines, "decide_extension", slow)


def at_once(complaint_pk, *, expected_version):
    """Two staff members extend the term at the same moment, each on a connection."""
    results: list[object] = []
    start = threading.Barrier(2)

    def act(name):
        try:
            start.wait()
            services.complaint_term_extend(
                Complaint.objects.get(pk=complaint_pk),
                actor=staff(),
                new_end=day("2026-05-11"),
                notified_on=day("2026-04-08"),
                reason=f"Verlenging door {name}",
                expected_version=expected_version,
            )
            results.append("ok")
        except services.TransitionRefused as refused:
            results.append(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(name,)) for name in ("Ans", "Bram")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_the_second_of_two_simultaneous_changes_is_told_to_reload(complaint, slow_decisions):
    results = at_once(complaint.pk, expected_version=complaint.version)
    assert results.count("ok") == 1
    [refused] = [result for result in results if result != "ok"]
    assert isinstance(refused, services.ConcurrentChange)
    assert "reload" in str(refused).lower()
    assert TermExtension.objects.count() == 1
    assert Complaint.objects.get(pk=complaint.pk).history.filter(action="extend_term").count() == 1


def test_without_a_version_the_lock_still_allows_one_extension(complaint, slow_decisions):
    results = at_once(complaint.pk, expected_version=None)
    assert results.count("ok") == 1
    [refused] = [result for result in results if result != "ok"]
    assert "already had its one extension on 2026-04-08" in str(refused)
    assert TermExtension.objects.count() == 1


@pytest.mark.parametrize("counted_before", [False, True], ids=["year's first", "counter kept"])
def test_intakes_at_once_in_one_organisation_get_references_that_follow(
    transactional_db, monkeypatch, counted_before
):
    """Four complaints filed at the same moment, each on a connection, while the counter
    is slow to be saved: each gets its own reference and none is skipped, also when the
    year has no counter yet."""
    scheme_load(text=SCHEME.read_text(encoding="utf-8"), source="schemes/permens.yaml")
    procedure = Procedure.objects.get(key="care")
    if counted_before:
        ComplaintFactory.create(procedure=procedure)
    save = ReferenceCounter.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.2)
        save(self, *args, **kwargs)

    monkeypatch.setattr(ReferenceCounter, "save", slow_save)
    failures = all_at_once(lambda: ComplaintFactory.create(procedure=procedure), 4)

    year = Complaint.objects.earliest("pk").received_on.year
    first = 2 if counted_before else 1
    assert failures == []
    assert sorted(Complaint.objects.values_list("reference", flat=True)) == [
        f"{year}-{n:04d}" for n in range(1, first + 4)
    ]
