"""The PDF of a letter, rendered once and kept: by the task the letter's writing enqueued,
or at once when someone asks for it before the task has run."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from klachtpad.letters.models import Letter, LetterPdf
from klachtpad.letters.rendering import pdf_from_html


def letter_pdf_store(letter: Letter) -> LetterPdf:
    """Render and keep the PDF of ``letter`` once; a second call returns the first."""
    existing = LetterPdf.objects.filter(letter=letter).first()
    if existing is not None:
        return existing
    pdf = pdf_from_html(letter.html)
    digest = hashlib.sha256(pdf).hexdigest()
    record = LetterPdf(letter=letter, size=len(pdf), sha256=digest, rendered_at=timezone.now())
    record.file.save(
        f"{letter.complaint_id}-{letter.pk}-{letter.kind}.pdf", ContentFile(pdf), save=False
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:  # another worker was first
        record.file.delete(save=False)
        return LetterPdf.objects.get(letter=letter)
    return record
