"""Render a letter's PDF outside the request that wrote the letter (``pdfs``)."""

from __future__ import annotations

from django_tasks import task

from klachtpad.letters.models import Letter
from klachtpad.letters.pdfs import letter_pdf_store


@task(queue_name="letters")
def letter_pdf(letter_id: int) -> None:
    letter_pdf_store(Letter.objects.get(pk=letter_id))
