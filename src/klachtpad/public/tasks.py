"""The worker's part of asking for a new link: look the complaint up and mail it."""

from __future__ import annotations

from django_tasks import task

from klachtpad.notifications.services import status_link_send
from klachtpad.public.services import status_link_match, status_link_spent


@task()
def status_link_look_up(organisation_id: int, reference: str, email: str, language: str) -> None:
    complaint = status_link_match(organisation_id=organisation_id, reference=reference, email=email)
    if complaint is not None:
        status_link_send(complaint, language=language, reason="new_link")


@task()
def status_link_again_look_up(token: str, language: str) -> None:
    """A link opened before in another browser: mail a fresh one to the complaint's own
    address (which ends every earlier link)."""
    complaint = status_link_spent(token)
    if complaint is not None:
        status_link_send(complaint, language=language, reason="new_link")
