"""Mail to the complainant with a private link. It says only that there is news: no
health data, no words of the complaint."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from klachtpad.complaints.models import Complaint
from klachtpad.public.services import status_link_issue


@task()
def status_link_mail(complaint_id: int, language: str, reason: str) -> None:
    """Mail a fresh link to the status page. ``reason``: ``received`` or ``new_link``."""
    complaint = Complaint.objects.select_related("organisation").get(pk=complaint_id)
    if not complaint.complainant_email:
        return
    token = status_link_issue(complaint)
    with translation.override(language):
        context = {
            "complaint": complaint,
            "reason": reason,
            "link": settings.KLACHTPAD_BASE_URL + reverse("status_page", args=[token]),
            "days": settings.KLACHTPAD_STATUS_LINK_DAYS,
        }
        subject = render_to_string("public/mail/status_link_subject.txt", context).strip()
        body = render_to_string("public/mail/status_link.txt", context)
    send_mail(subject, body, None, [complaint.complainant_email])
