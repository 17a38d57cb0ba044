"""The base of every action form, its widgets and what it knows of the complaint."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.models import User
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints import services
from klachtpad.complaints.models import (
    Complaint,
)
from klachtpad.domain.messages import Message
from klachtpad.domain.permissions import FileAction, StaffRole
from klachtpad.domain.schemes.model import Procedure, Scheme
from klachtpad.domain.schemes.vocabulary import Handling as HandlingKind
from klachtpad.domain.workflow import Action, check_action
from klachtpad.domain.workflow import State as StateKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def text_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}), **kwargs
    )


class StaffChoiceField(forms.ModelChoiceField[User]):
    """A choice of colleagues by name."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


@dataclass(frozen=True)
class Situation:
    """What a form needs to know about the complaint to offer its choices."""

    complaint: Complaint
    scheme: Scheme
    procedure: Procedure
    roles: frozenset[StaffRole]
    permitted: frozenset[FileAction] = frozenset()  # what the person may do on the file

    def local(self, text: Any) -> str:
        return str(text.get(get_language() or "nl"))


class ActionForm(forms.Form):
    action: ClassVar[Action]
    permission: ClassVar[FileAction] = FileAction.HANDLE
    title: ClassVar[Promise]
    submit: ClassVar[Promise] = _("Save")

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.situation = situation
        self.prefix = type(self).__name__.removesuffix("Form").lower()

    @classmethod
    def refusal(cls, situation: Situation) -> Message | None:
        """Why the action makes no sense for the complaint now; None when it does."""
        complaint = situation.complaint
        return check_action(
            cls.action,
            state=StateKind(complaint.state),
            handling=HandlingKind(complaint.handling),
        )

    @classmethod
    def possible(cls, situation: Situation) -> bool:
        return cls.refusal(situation) is None

    @staticmethod
    def lacking(holds: bool, reason: str) -> Message | None:
        """``reason`` (a msgid) as the refusal when ``holds`` is false."""
        return None if holds else Message(reason)

    @abstractmethod
    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        """Call the one service of this action with the cleaned data."""
