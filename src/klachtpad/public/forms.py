"""The public complaint form, built from the procedure in the scheme, and the forms of
the status page. The questions are short and plain (B1); each says whether it may be
left empty."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints import services
from klachtpad.complaints.models import SupportChoices
from klachtpad.complaints.services.attachments import (
    ACCEPT_ATTRIBUTE,
    attachment_kinds_text,
    attachment_limit_mb,
)
from klachtpad.domain.eligibility import may_complain
from klachtpad.domain.schemes.model import Member
from klachtpad.domain.schemes.model import Procedure as ProcedureSpec
from klachtpad.domain.schemes.vocabulary import Condition, Handling, Regime, Relation, Role
from klachtpad.domain.workflow import entry_steps, first_formal_step
from klachtpad.organisations.models import Category, Organisation
from klachtpad.organisations.selectors import (
    current_scheme,
    location_names,
)
from klachtpad.organisations.wording import chosen_language, param_words

# "Who are you?" in the words of the person filling in the form.
RELATION_WORDS: dict[Relation, Any] = {
    Relation.CLIENT: _("I am the client myself"),
    Relation.LEGAL_REPRESENTATIVE: _("I am the legal representative (curator or guardian)"),
    Relation.MENTOR: _("I am the mentor"),
    Relation.AUTHORISED_REPRESENTATIVE: _("The client asked me in writing to complain for them"),
    Relation.FAMILY_MEMBER: _("I am a family member"),
    Relation.SURVIVING_RELATIVE: _("I am a relative of a client who has died"),
    Relation.PARENT: _("I am a parent"),
    Relation.FOSTER_PARENT: _("I am a foster parent"),
    Relation.GUARDIAN: _("I am the guardian"),
    Relation.CARER: _("I take care of the client (carer)"),
    Relation.OTHER_INVOLVED: _("I am someone else who is involved"),
}
CONDITION_WORDS: dict[Condition, Any] = {
    Condition.REGISTERED_CONTACT: _("I am registered as contact person in the client's file"),
    Condition.CLIENT_DECEASED: _("The client has died"),
}
SUPPORT_ROLES = {
    Role.CLIENT_CONFIDANT: SupportChoices.CLIENT_CONFIDANT,
    Role.COMPLAINTS_OFFICER: SupportChoices.COMPLAINTS_OFFICER,
}


def _relation_words(spec: ProcedureSpec, relation: str, language: str) -> Any:
    word = spec.vocabulary.relation(relation)
    if word is None:
        return RELATION_WORDS[Relation(relation)]
    return word.statement.get(language) if word.statement else capfirst(word.label.get(language))


def _condition_words(spec: ProcedureSpec, condition: str, language: str) -> Any:
    word = spec.vocabulary.condition(condition)
    return word.statement.get(language) if word else CONDITION_WORDS[Condition(condition)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern Django's documentation gives)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"multiple": True, "accept": ACCEPT_ATTRIBUTE})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def files_help() -> str:
    return _("Photos, letters or other files. Allowed: %(kinds)s. At most %(mb)s MB per file.") % {
        "kinds": attachment_kinds_text(),
        "mb": attachment_limit_mb(),
    }


def _text(label: Any, help_text: Any = "", rows: int = 4, required: bool = False) -> Any:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


ABOUT_CARE = "care"
# What a message about a subject the scheme sends elsewhere still needs.
FORWARD_FIELDS = frozenset({"key", "about", "name", "email", "phone", "description", "website"})


# What a person is told when they left out a question that must be answered.
REQUIRED_MESSAGES = {
    "about": _("Choose what your message is about."),
    "handling": _("Choose whether you want to make a complaint or first talk about it."),
    "relation": _("Choose who you are."),
    "name": _("Fill in your name."),
    "description": _("Tell what happened. A few sentences are enough."),
    "member": _("Choose the care provider your complaint is about."),
}
# Optional questions that do not say so in their own words.
NOT_MARKED_OPTIONAL = frozenset(
    {"key", "website", "email", "phone", "address", "conditions", "refused_as_representative"}
)
OPTIONAL = _("(you may leave this empty)")


@dataclass(frozen=True)
class FormStep:
    """One page of the complaint form: a title and the questions it asks."""

    title: Any
    names: tuple[str, ...]


# The form in short steps, one subject per page. Files are chosen on the last page,
# the one that sends, so nothing a person sends is kept before they decide to send it.
STEPS = (
    FormStep(
        _("Who you are"),
        (
            "about",
            "handling",
            "relation",
            "conditions",
            "refused_as_representative",
            "client_name",
            "name",
        ),
    ),
    FormStep(
        _("What happened"),
        (
            "description",
            "event_date",
            "member",
            "location",
            "people",
            "categories",
            "desired_outcome",
            "tried",
            "tried_other",
        ),
    ),
    FormStep(_("How we reach you"), ("email", "phone", "address", "support")),
    FormStep(_("Files, and check your answers"), ("attachments", "website")),
)


@dataclass(frozen=True)
class Answer:
    """One answer as the check-your-answers page shows it."""

    name: str
    question: str
    text: str


class ComplaintForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    about = forms.ChoiceField(
        label=_("What is your message about?"), widget=forms.RadioSelect, initial=ABOUT_CARE
    )
    handling = forms.ChoiceField(
        label=_("What do you want?"),
        widget=forms.RadioSelect,
        choices=[
            (Handling.FORMAL.value, _("Make a complaint. You get a written answer.")),
            (Handling.INFORMAL.value, _("First talk about it. We look for a solution together.")),
        ],
        initial=Handling.FORMAL.value,
    )
    relation = forms.ChoiceField(label=_("Who are you?"), widget=forms.RadioSelect)
    conditions = forms.MultipleChoiceField(
        label=_("Is this true for you?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    refused_as_representative = forms.BooleanField(
        label=_(
            "My complaint is that you refused to accept me as the representative of the client."
        ),
        help_text=_(
            "That complaint may always be made. The Wkkgz (the law on complaints in care) says so."
        ),
        required=False,
    )
    client_name = forms.CharField(
        label=_("Name of the client"),
        help_text=_("Only if you complain for someone else."),
        required=False,
        max_length=200,
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("We send you a link to follow your complaint."),
    )
    phone = forms.CharField(label=_("Your phone number"), required=False, max_length=40)
    address = _text(_("Your postal address"), rows=2)
    description = _text(
        _("What happened?"), _("Tell it in your own words. Short is fine."), 6, required=True
    )
    event_date = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        help_text=_("A date is enough. Do you not know exactly? Leave it empty."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Write a date like 2026-03-02, or leave it empty.")},
    )
    member = forms.ChoiceField(
        label=_("Which care provider is it about?"), required=False, widget=forms.RadioSelect
    )
    location = forms.CharField(label=_("Where did it happen?"), required=False, max_length=200)
    people = _text(_("Who was involved?"), _("One name per line."), rows=2)
    desired_outcome = _text(_("What would solve it for you?"), rows=3)
    tried = forms.MultipleChoiceField(
        label=_("What did you already do?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tried_other = _text(_("Something else you already did"), rows=2)
    categories = forms.ModelMultipleChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    support = forms.ChoiceField(
        label=_("Do you want help with your complaint?"),
        required=False,
        widget=forms.RadioSelect,
    )
    attachments = MultipleFileField(label=_("Files"), required=False)
    # Left empty by people; filled in by programs that fill in every field.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        members: Iterable[Member],
        spec: ProcedureSpec,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.spec = spec
        language = chosen_language()
        self._offer("about", self._subjects(spec, language))
        relations = list(dict.fromkeys(p.relation for p in spec.who_may_complain))
        self._offer("relation", [(str(r), _relation_words(spec, r, language)) for r in relations])
        conditions = list(dict.fromkeys(c for p in spec.who_may_complain for c in p.only_if))
        self._offer(
            "conditions", [(str(c), _condition_words(spec, c, language)) for c in conditions]
        )
        if spec.regime is not Regime.WKKGZ:
            del self.fields["refused_as_representative"]
        if not any(s.handling is Handling.INFORMAL for s in entry_steps(spec, Handling.INFORMAL)):
            del self.fields["handling"]
        first_formal = first_formal_step(spec)
        earlier = spec.steps[: spec.steps.index(first_formal)] if first_formal else []
        self._offer("tried", [(s.id, s.name.get(language)) for s in earlier])
        support = [
            (SUPPORT_ROLES[s.role].value, SUPPORT_ROLES[s.role].label)
            for s in spec.support
            if s.role in SUPPORT_ROLES
        ]
        if self._offer("support", [("", _("No, thank you")), *support] if support else []):
            self.fields["support"].initial = ""
        self._organisation_questions(organisation, members)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["attachments"].help_text = files_help()
        self._say_what_is_asked()

    def _say_what_is_asked(self) -> None:
        """Each question that must be answered says what is missing in its own words;
        each that may be skipped says so."""
        self.questions = {name: str(field.label or "") for name, field in self.fields.items()}
        for name, field in self.fields.items():
            if name in REQUIRED_MESSAGES:
                field.error_messages["required"] = REQUIRED_MESSAGES[name]
            label = str(field.label or "")
            if (
                not field.required
                and name not in NOT_MARKED_OPTIONAL
                and str(OPTIONAL) not in label
            ):
                field.label = format_lazy("{} {}", field.label, OPTIONAL)

    @staticmethod
    def _subjects(spec: ProcedureSpec, language: str) -> list[tuple[str, Any]]:
        """Care, or one of the subjects the scheme sends elsewhere (none if it sends none)."""
        if not spec.out_of_scope:
            return []
        return [
            (ABOUT_CARE, _("Our care or support: I want to make a complaint about it")),
            *[
                (
                    subject.id,
                    _("%(subject)s. %(goes_to)s deals with that; we send it on.")
                    % {
                        "subject": capfirst(subject.name.get(language)),
                        "goes_to": capfirst(subject.goes_to.get(language)),
                    },
                )
                for subject in spec.out_of_scope
            ],
        ]

    def _organisation_questions(
        self, organisation: Organisation, members: Iterable[Member]
    ) -> None:
        """The members (of its scheme), categories and locations the organisation has, if
        it has them."""
        if self._offer("member", [(m.id, m.name) for m in members]):
            self.fields["member"].required = True
        categories = Category.objects.filter(organisation=organisation, active=True)
        if categories.exists():
            field = self.fields["categories"]
            assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
            field.queryset = categories  # labelled in the reader's language (Category.__str__)
        else:
            del self.fields["categories"]
        locations = location_names(organisation=organisation)
        if locations:
            self.fields["location"] = forms.ChoiceField(
                label=_("Where did it happen?"),
                required=False,
                choices=[("", _("Somewhere else, or I do not know")), *[(n, n) for n in locations]],
            )

    def steps(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The pages of the form and their questions, leaving out what this scheme lacks
        and, for a message the scheme sends elsewhere, what that message does not need."""
        about = self.data.get("about") if self.is_bound else self.initial.get("about")
        forwarding = bool(about) and about != ABOUT_CARE and "about" in self.fields
        return [
            (
                step.title,
                [
                    self[name]
                    for name in step.names
                    if name in self.fields and (not forwarding or name in FORWARD_FIELDS)
                ],
            )
            for step in STEPS
        ]

    def step_errors(self, number: int) -> list[tuple[str, str]]:
        """The problems with the answers on page ``number`` (from 1), in page order;
        the last page also carries the problems that belong to no question."""
        names = [field.name for field in self.steps()[number - 1][1]]
        found = [(name, str(error)) for name in names for error in self.errors.get(name, [])]
        if number == len(STEPS):
            found += [("", str(error)) for error in self.non_field_errors()]
        return found

    def first_step_with_errors(self) -> int:
        return next((n for n in range(1, len(STEPS) + 1) if self.step_errors(n)), len(STEPS))

    def answers(self) -> list[tuple[int, Any, list[Answer]]]:
        """What was answered on each page before the last, in the person's words."""
        return [
            (number, title, [a for a in map(self._answer, fields) if a.text])
            for number, (title, fields) in enumerate(self.steps()[:-1], start=1)
        ]

    def _answer(self, bound: forms.BoundField) -> Answer:
        field = bound.field
        value = bound.value()
        values = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
        values = [v for v in values if v and v != "None"]
        if isinstance(field, forms.BooleanField):
            values = [gettext("Yes")] if value else []
        elif isinstance(field, forms.ChoiceField | forms.ModelMultipleChoiceField):
            choices: Iterable[tuple[Any, Any]] = field.choices  # type: ignore[assignment]
            labels = {str(choice): str(text) for choice, text in choices}
            values = [labels.get(v, v) for v in values]
        return Answer(bound.name, self.questions.get(bound.name, ""), "\n".join(values))

    def _offer(self, name: str, choices: list[tuple[str, Any]]) -> bool:
        """Give the question ``name`` these choices; leave it out when there are none."""
        if not choices:
            del self.fields[name]
            return False
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = choices
        return True

    def clean_event_date(self) -> date | None:
        value: date | None = self.cleaned_data.get("event_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future. Check the date."))
        return value

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty, then send the form again."))
        return ""

    def forward_chosen(self) -> str | None:
        """The subject the message is about, when the scheme sends it elsewhere."""
        about = self.cleaned_data.get("about") or ABOUT_CARE
        return None if about == ABOUT_CARE else str(about)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("about", ABOUT_CARE) != ABOUT_CARE:
            # Sent on, not filed: only who it is from and the message itself count.
            for name in list(self.errors):
                if name not in FORWARD_FIELDS and name != "__all__":
                    del self.errors[name]
            if not any(cleaned.get(name, "").strip() for name in ("email", "phone")):
                self.add_error(
                    "email", _("Fill in your e-mail or phone, so that they can reach you.")
                )
            return cleaned
        if not any(cleaned.get(name, "").strip() for name in ("email", "phone", "address")):
            self.add_error(
                "email", _("Fill in at least one way to reach you: e-mail, phone or address.")
            )
        relation = cleaned.get("relation")
        if (
            relation
            and relation != Relation.CLIENT.value
            and not cleaned.get("client_name", "").strip()
        ):
            self.add_error("client_name", _("Fill in the name of the client."))
        if relation:
            self._check_who_may_complain(cleaned)
        return cleaned

    def _check_who_may_complain(self, cleaned: dict[str, Any]) -> None:
        """The scheme's rule on who may complain, answered at the question itself, with
        the ways forward the scheme offers; the officer checks the facts later."""
        declared = frozenset(cleaned.get("conditions", []))
        answer = may_complain(
            self.spec,
            cleaned["relation"],
            registered_contact=Condition.REGISTERED_CONTACT.value in declared,
            client_deceased=Condition.CLIENT_DECEASED.value in declared,
            refused_as_representative=bool(cleaned.get("refused_as_representative")),
            declared=declared,
        )
        if answer.allowed or answer.reason is None:
            return
        ways = [gettext("The client can make the complaint, or authorise you in writing to do it.")]
        scheme = current_scheme(self.organisation)
        helpers = [
            scheme.body(item.body).name.get(chosen_language())
            for item in self.spec.outside_bodies
            if scheme is not None
        ]
        if helpers:
            ways.append(
                gettext("You can also ask for help or go to: %(bodies)s.")
                % {"bodies": ", ".join(helpers)}
            )
        self.add_error(
            "relation",
            " ".join([answer.reason.render(gettext, display=param_words), *ways]),
        )

    # What the services need, from the cleaned answers.

    def handling_chosen(self) -> Handling:
        return Handling(self.cleaned_data.get("handling") or Handling.FORMAL.value)

    def complainant(self) -> services.Complainant:
        data = self.cleaned_data
        return services.Complainant(
            name=data["name"],
            relation=data["relation"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            client_name=data["client_name"]
            if data["relation"] != Relation.CLIENT.value
            else data["name"],
            declared=frozenset(data.get("conditions", [])),
            language=chosen_language(),
            refused_as_representative=bool(data.get("refused_as_representative")),
        )

    def details(self) -> services.Details:
        data = self.cleaned_data
        language = chosen_language()
        tried = [self.spec.step(step).name.get(language) for step in data.get("tried", [])]
        if data["tried_other"].strip():
            tried.append(data["tried_other"].strip())
        description = data["description"].strip()
        first_line = description.splitlines()[0]
        return services.Details(
            summary=first_line if len(first_line) <= 80 else first_line[:79].rstrip() + "…",
            description=description,
            event_date=data["event_date"],
            location=data["location"],
            member=data.get("member", ""),
            desired_outcome=data["desired_outcome"],
            already_tried="\n".join(tried),
            support_kind=data.get("support", ""),
        )

    def employees(self) -> list[services.Employee]:
        return [
            services.Employee(line.strip())
            for line in self.cleaned_data["people"].splitlines()
            if line.strip()
        ]


class InformationForm(forms.Form):
    text = _text(_("What do you want to add?"), rows=4)
    attachments = MultipleFileField(label=_("Files (you may leave this empty)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = files_help()


class MeetingRequestForm(forms.Form):
    wish = _text(
        _("When suits you, and who do you want to bring?"), _("You may leave this empty."), 3
    )


class WithdrawForm(forms.Form):
    sure = forms.BooleanField(
        label=_("Yes, I want to stop my complaint."),
        error_messages={"required": _("Tick the box if you want to stop your complaint.")},
    )


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled your complaint?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("Very satisfied")),
            (4, _("Satisfied")),
            (3, _("Not satisfied, not dissatisfied")),
            (2, _("Dissatisfied")),
            (1, _("Very dissatisfied")),
        ],
    )
    remark = _text(_("Do you want to tell us more?"), _("You may leave this empty."), 3)


class LinkRequestForm(forms.Form):
    reference = forms.CharField(
        label=_("Your reference number"), max_length=32, help_text=_("For example 2026-0012.")
    )
    email = forms.EmailField(label=_("The e-mail address you gave us"))
