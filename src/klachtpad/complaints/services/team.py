"""Who works on a complaint: notes, the handler, and what is shared with colleagues."""

from __future__ import annotations

from django.contrib.auth.models import User

from klachtpad.complaints.models import Complaint, Share, ShareScopeChoices
from klachtpad.complaints.selectors import handlers_for, share_candidates
from klachtpad.complaints.services.intake import require_filled
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.workflow import Action
from klachtpad.organisations.models import Membership


def refuse_outsider(complaint: Complaint, user: User) -> None:
    if not Membership.objects.filter(user=user, organisation=complaint.organisation).exists():
        raise TransitionRefused(
            Message(
                gettext_noop("%(name)s does not work for this organisation in Klachtpad."),
                {"name": user.get_username()},
            )
        )


def complaint_note_add(
    complaint: Complaint, *, actor: Actor, note: str, expected_version: int | None = None
) -> Complaint:
    """A note in the file: a phone call, a thought, something to check."""
    require_filled(note=note)

    def apply(change: Transition) -> None:
        pass

    return complaint_transition(
        complaint,
        action=Action.ADD_NOTE,
        actor=actor,
        apply=apply,
        reason=note.strip(),
        expected_version=expected_version,
    )


def complaint_assign(
    complaint: Complaint,
    *,
    actor: Actor,
    handler: User | None,
    expected_version: int | None = None,
) -> Complaint:
    """Choose who handles the complaint now (None: nobody in particular): a colleague
    whose role lets them handle it (``handlers_for``)."""
    if handler is not None:
        refuse_outsider(complaint, handler)
        if not handlers_for(complaint).filter(pk=handler.pk).exists():
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "%(name)s's role does not let them handle this complaint. "
                        "Give them a role first, or choose someone else."
                    ),
                    {"name": handler.get_full_name() or handler.get_username()},
                )
            )

    def apply(change: Transition) -> None:
        change.set(handler=handler)
        change.record(handler=handler.get_username() if handler else "")

    return complaint_transition(
        complaint, action=Action.ASSIGN, actor=actor, apply=apply, expected_version=expected_version
    )


def complaint_share(
    complaint: Complaint,
    *,
    actor: Actor,
    user: User,
    scope: ShareScopeChoices,
    summary: str = "",
    at_request_of_client: bool = False,
    expected_version: int | None = None,
) -> Complaint:
    """Let one colleague read the whole file, or only a summary written for them; never
    the employee a formal complaint is about (``share_candidates``)."""
    refuse_outsider(complaint, user)
    if not share_candidates(complaint).filter(pk=user.pk).exists():
        raise TransitionRefused(
            Message(gettext_noop("This complaint is about them: it cannot be shared with them."))
        )
    if scope == ShareScopeChoices.SUMMARY:
        require_filled(summary_shared=summary)

    def apply(change: Transition) -> None:
        Share.objects.create(
            complaint=change.complaint,
            user=user,
            scope=scope,
            summary=summary.strip(),
            shared_by=actor.name,
            shared_at=change.now,
            at_request_of_client=at_request_of_client,
        )
        change.record(with_user=user.get_username(), scope=scope.value)

    return complaint_transition(
        complaint, action=Action.SHARE, actor=actor, apply=apply, expected_version=expected_version
    )
