"""A change that fails leaves no file behind, and a file that cannot be stored is said
in plain words with nothing lost."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from klachtpad.complaints.models import Complaint
from tests.public.test_complaint_form import FORM, PDF, answers, fresh_key

pytestmark = pytest.mark.django_db


def kept_files() -> list[Path]:
    root = Path(storages["attachments"].location)  # type: ignore[attr-defined]
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_complaint_that_fails_after_its_files_were_stored_leaves_none(seeded, monkeypatch):
    before = kept_files()

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the mail could not be queued")

    monkeypatch.setattr("klachtpad.public.views.status_link_send", fail)
    browser = Client(raise_request_exception=False)
    upload = SimpleUploadedFile("brief.pdf", PDF)

    answer = browser.post(FORM, answers(fresh_key(browser), attachments=[upload]))

    assert answer.status_code == 500
    assert not Complaint.objects.exists()
    assert kept_files() == before


def test_a_file_that_cannot_be_stored_is_said_plainly_and_nothing_is_lost(
    client, seeded, monkeypatch
):
    def disk_full(*args: object, **kwargs: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    upload = SimpleUploadedFile("brief.pdf", PDF)

    answer = client.post(FORM, answers(fresh_key(client), attachments=[upload]))

    html = answer.content.decode()
    assert answer.status_code == 422
    assert "Je bestanden konden nu niet worden bewaard" in html
    assert "Mijn begeleider kwam drie keer niet." in html
    assert not Complaint.objects.exists()
