"""The worker's part of the public side: look a complaint up and mail a new link, and
the daily round that removes what is kept only for a while."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django_tasks import task

from klachtpad.accounts.records import sessions_ended_remove, sign_in_records_remove
from klachtpad.notifications.services import status_link_send
from klachtpad.public.services import public_rows_remove, status_link_match, status_link_spent
from klachtpad.rounds import round_run, round_task

logger = logging.getLogger(__name__)

FORGET_EVERY = timedelta(days=1)


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


def _forget(now: datetime) -> None:
    public = public_rows_remove(now)
    sign_ins = sign_in_records_remove(now)
    sessions_ended_remove()
    logger.info("removed %s public-form rows and %s sign-in records", public, sign_ins)


@round_task
@task(queue_name="rounds")
def forget_tick() -> None:
    """Once a day: remove the public side's rows, the sign-in records and the sessions
    past their term (docs/privacy.md), then plan the next day."""
    round_run(forget_tick, FORGET_EVERY, _forget)
