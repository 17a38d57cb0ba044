"""The organisation admin changes the common parts of the scheme in forms: the texts,
the ways to reach the organisation, the categories and their order, and the terms
within the law. Each save writes a new version of the scheme file, checked as any file
is; a change the law does not allow is refused with the reason, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klachtpad.domain.durations import Duration, DurationError
from klachtpad.domain.schemes.base import LocalText
from klachtpad.domain.schemes.model import Scheme
from klachtpad.domain.schemes.validation import SchemeInvalid
from klachtpad.organisations.scheme_edits import (
    CategoryText,
    Contact,
    Local,
    categories_set,
    contacts_set,
    term_set,
    texts_set,
)
from klachtpad.organisations.services import SchemeChangedMeanwhile, scheme_change
from klachtpad.organisations.wording import chosen_language, duration_words, term_kind_label
from klachtpad.staff.access import Desk, desk_view
from klachtpad.staff.administration import ADMIN, say_loaded


def _local(text: LocalText | None) -> Local:
    return Local(text.nl, text.en) if text else Local("", "")


def _filled(form: forms.Form) -> bool:
    """Whether anything is written in the form (a blank extra row is not)."""
    data = getattr(form, "cleaned_data", {})
    return any(value for name, value in data.items() if name not in ("DELETE", "ORDER", "code"))


def _text(label: Any, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class TextsForm(forms.Form):
    about_nl = _text(gettext_lazy("About the organisation, in Dutch"), 4)
    about_en = _text(gettext_lazy("About the organisation, in English"), 4)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        for procedure in scheme.procedures:
            name = procedure.name.get(chosen_language())
            self.fields[f"{procedure.id}-nl"] = _text(
                _("What %(procedure)s is about, in Dutch") % {"procedure": name}
            )
            self.fields[f"{procedure.id}-en"] = _text(
                _("What %(procedure)s is about, in English") % {"procedure": name}
            )

    @classmethod
    def initial_of(cls, scheme: Scheme) -> dict[str, str]:
        about = _local(scheme.organisation.about)
        initial = {"about_nl": about.nl, "about_en": about.en}
        for procedure in scheme.procedures:
            text = _local(procedure.about)
            initial |= {f"{procedure.id}-nl": text.nl, f"{procedure.id}-en": text.en}
        return initial

    def change(self) -> Callable[[Any], None]:
        data = self.cleaned_data
        procedures = {
            p.id: Local(data[f"{p.id}-nl"], data[f"{p.id}-en"]) for p in self.scheme.procedures
        }
        about = Local(data["about_nl"], data["about_en"])
        return lambda document: texts_set(document, about=about, procedures=procedures)


class ContactForm(forms.Form):
    label_nl = forms.CharField(
        label=gettext_lazy("What it is, in Dutch"),
        required=False,
        help_text=gettext_lazy("For example: Complaints officer"),
    )
    label_en = forms.CharField(label=gettext_lazy("What it is, in English"), required=False)
    name = forms.CharField(label=gettext_lazy("Name"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone number"), required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    address = forms.CharField(label=gettext_lazy("Postal address"), required=False)
    hours_nl = forms.CharField(label=gettext_lazy("When, in Dutch"), required=False)
    hours_en = forms.CharField(label=gettext_lazy("When, in English"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if _filled(self) and not any(
            cleaned.get(name) for name in ("phone", "email", "website", "address")
        ):
            self.add_error(
                "phone", _("Give at least a phone number, e-mail address, website or address.")
            )
        return cleaned

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(
            label=Local(data["label_nl"], data["label_en"]),
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            website=data["website"],
            address=data["address"],
            hours=Local(data["hours_nl"], data["hours_en"]),
        )


class BaseContactFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def change(self) -> Callable[[Any], None]:
        contacts = [
            form.contact()
            for form in self.forms
            if _filled(form) and not form.cleaned_data.get("DELETE")
        ]
        return lambda document: contacts_set(document, contacts)


ContactFormSet = forms.formset_factory(
    ContactForm, formset=BaseContactFormSet, extra=1, can_delete=True
)


def _contacts_initial(scheme: Scheme) -> list[dict[str, str]]:
    rows = []
    for point in scheme.organisation.contact:
        label = _local(point.label)
        hours = _local(point.hours)
        rows.append(
            {
                "label_nl": label.nl,
                "label_en": label.en,
                "name": point.name or "",
                "phone": point.phone or "",
                "email": point.email or "",
                "website": point.website or "",
                "address": point.address or "",
                "hours_nl": hours.nl,
                "hours_en": hours.en,
            }
        )
    return rows


class CategoryForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, required=False)
    name_nl = forms.CharField(label=gettext_lazy("Name in Dutch"), required=False)
    name_en = forms.CharField(label=gettext_lazy("Name in English"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("name_en") and not cleaned.get("name_nl"):
            self.add_error("name_nl", _("Give the category a Dutch name as well."))
        return cleaned


class BaseCategoryFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def change(self) -> Callable[[Any], None]:
        kept = [
            form
            for form in self.ordered_forms
            if form.cleaned_data.get("name_nl") and not form.cleaned_data.get("DELETE")
        ]
        categories = [
            CategoryText(
                form.cleaned_data["code"],
                Local(form.cleaned_data["name_nl"], form.cleaned_data["name_en"]),
            )
            for form in kept
        ]
        return lambda document: categories_set(document, categories)


CategoryFormSet = forms.formset_factory(
    CategoryForm, formset=BaseCategoryFormSet, extra=2, can_delete=True, can_order=True
)


@dataclass(frozen=True)
class _Term:
    field: str
    procedure: str
    step: str | None
    kind: str


class TermsForm(forms.Form):
    """How long each term of each procedure runs; the law's limits are checked when
    the new version is loaded."""

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms: list[_Term] = []
        for procedure in scheme.procedures:
            for step, kind, spec in procedure.all_terms():
                name = f"term-{len(self.terms)}"
                self.terms.append(_Term(name, procedure.id, step.id if step else None, kind))
                where = (step.name if step else procedure.name).get(chosen_language())
                self.fields[name] = forms.CharField(
                    label=f"{term_kind_label(kind, procedure)} ({where})",
                    initial=str(spec.within),
                    help_text=_("Now %(within)s. Write for example 6w, 10d or 5wd.")
                    % {"within": duration_words(spec.within)}
                    + (" " + _("Set by law.") if spec.statutory else ""),
                    max_length=8,
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for term in self.terms:
            text = cleaned.get(term.field, "")
            try:
                Duration.parse(str(text).strip())
            except DurationError as error:
                self.add_error(term.field, _(error.template) % error.params)
        return cleaned

    def change(self) -> Callable[[Any], None]:
        chosen = [(term, self.cleaned_data[term.field]) for term in self.terms]

        def change(document: Any) -> None:
            for term, within in chosen:
                term_set(
                    document,
                    procedure=term.procedure,
                    step=term.step,
                    kind=term.kind,
                    within=within,
                )

        return change


def _categories_initial(scheme: Scheme) -> list[dict[str, Any]]:
    return [
        {
            "code": category.code,
            "name_nl": category.name.nl,
            "name_en": category.name.en,
            "ORDER": position,
        }
        for position, category in enumerate(scheme.organisation.categories, start=1)
    ]


@dataclass(frozen=True)
class Part:
    """One part of the scheme the admin changes in a form."""

    title: Any
    intro: Any
    build: Callable[[Scheme, Any], Any]  # the form, bound to what was sent if anything


PARTS = {
    "texts": Part(
        gettext_lazy("Texts"),
        gettext_lazy("What the public pages say about the organisation and each procedure."),
        lambda scheme, data: TextsForm(data, scheme=scheme, initial=TextsForm.initial_of(scheme)),
    ),
    "contacts": Part(
        gettext_lazy("Contact"),
        gettext_lazy(
            "How complainants reach the organisation. People without e-mail see these on "
            "every page where they might get stuck."
        ),
        lambda scheme, data: ContactFormSet(
            data, initial=_contacts_initial(scheme), prefix="contact"
        ),
    ),
    "categories": Part(
        gettext_lazy("Categories"),
        gettext_lazy(
            "What complaints are about, in the order the form shows them. Change the numbers "
            "to change the order. A category you remove stays on the complaints filed under "
            "it."
        ),
        lambda scheme, data: CategoryFormSet(
            data, initial=_categories_initial(scheme), prefix="category"
        ),
    ),
    "terms": Part(
        gettext_lazy("Terms"),
        gettext_lazy(
            "How long each step may take. Terms set by law can be shorter, never longer "
            "than the law allows; complaints already received keep their terms."
        ),
        lambda scheme, data: TermsForm(data, scheme=scheme),
    ),
}


@desk_view(ADMIN)
def scheme_edit(request: HttpRequest, desk: Desk, part: str) -> HttpResponse:
    found = PARTS.get(part)
    version = desk.organisation.scheme_versions.order_by("-number").first()
    if found is None or version is None:
        raise Http404
    form = found.build(version.scheme(), request.POST if request.method == "POST" else None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        problems = _save(request, desk, form)
        if not problems:
            return redirect(request.path)
    return render(
        request,
        "staff/admin_scheme_edit.html",
        {
            "desk": desk,
            "parts": [(key, item.title) for key, item in PARTS.items()],
            "part": part,
            "found": found,
            "form": form,
            "version": version,
            "problems": problems,
        },
        status=422 if request.method == "POST" else 200,
    )


def _save(request: HttpRequest, desk: Desk, form: Any) -> list[str]:
    """Write the change as a new version; the problems when it cannot be."""
    based_on = request.POST.get("based_on", "")
    try:
        result = scheme_change(
            organisation=desk.organisation,
            based_on=int(based_on) if based_on.isdigit() else 0,
            change=form.change(),
        )
    except SchemeInvalid as invalid:
        return [problem.render(_) for problem in invalid.problems]
    except SchemeChangedMeanwhile as newer:
        return [
            _(
                "Version %(number)s was loaded while you were making this change. Open this "
                "page again to see it, then make your change once more."
            )
            % {"number": newer.number}
        ]
    if result.created:
        say_loaded(request, result)
    else:
        messages.info(request, _("Nothing was changed."))
    return []
