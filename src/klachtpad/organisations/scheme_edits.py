"""Changes the organisation admin makes in forms, written into the scheme file itself.

The file is read and written as round-trip YAML: its comments, order and layout stay,
so a new version differs from the one before in the changed lines only, and "compare
two versions" shows exactly what the admin changed. The changed file is then checked
and loaded like any other (``services.scheme_load``): the law's limits hold for a form
as for a file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a line the author wrote as one
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def document_of(text: str) -> Any:
    return _yaml().load(text)


def text_of(document: Any) -> str:
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


@dataclass(frozen=True)
class Local:
    """A text in Dutch and English; both empty means the text is left out."""

    nl: str
    en: str

    @classmethod
    def of(cls, value: Any) -> Local:
        if isinstance(value, dict):
            return cls(str(value.get("nl") or ""), str(value.get("en") or ""))
        return cls(str(value or ""), str(value or ""))


def _scalar(text: str) -> Any:
    text = text.replace("\r\n", "\n").strip()
    return LiteralScalarString(text + "\n") if "\n" in text else text


def _local_set(parent: Any, key: str, text: Local, *, flow: bool = False) -> None:
    """Write ``text`` under ``key``, in place when it was a mapping already, leaving
    unchanged halves as they were written."""
    if not text.nl.strip() and not text.en.strip():
        parent.pop(key, None)
        return
    if Local.of(parent.get(key)) == Local(text.nl.strip(), text.en.strip()):
        return
    value = parent.get(key)
    if not isinstance(value, dict):
        value = CommentedMap()
        if flow and "\n" not in text.nl + text.en:
            value.fa.set_flow_style()
        parent[key] = value
    for language, words in (("nl", text.nl), ("en", text.en)):
        if str(value.get(language) or "").strip() != words.strip():
            value[language] = _scalar(words or (text.en if language == "nl" else text.nl))


def _plain_set(parent: Any, key: str, text: str) -> None:
    text = text.strip()
    if not text:
        parent.pop(key, None)
    elif str(parent.get(key) or "") != text:
        parent[key] = text


def _list_set(parent: Any, key: str, items: CommentedSeq) -> None:
    if items:
        parent[key] = items
    else:
        parent.pop(key, None)


def _procedure(document: Any, procedure_id: str) -> Any:
    return next(p for p in document["procedures"] if p.get("id") == procedure_id)


def texts_set(document: Any, *, about: Local, procedures: dict[str, Local]) -> None:
    """What the organisation says about itself, and what each procedure is about."""
    _local_set(document["organisation"], "about", about)
    for procedure_id, text in procedures.items():
        _local_set(_procedure(document, procedure_id), "about", text)


@dataclass(frozen=True)
class Contact:
    label: Local
    name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""
    hours: Local = Local("", "")


CONTACT_TEXTS = ("name", "phone", "email", "website", "address")


def contacts_set(document: Any, contacts: Sequence[Contact]) -> None:
    """The organisation's ways to be reached, in this order; a point kept is changed in
    place, so its layout stays."""
    organisation = document["organisation"]
    existing = list(organisation.get("contact") or [])
    points = CommentedSeq()
    for index, contact in enumerate(contacts):
        point = existing[index] if index < len(existing) else CommentedMap()
        _local_set(point, "label", contact.label, flow=True)
        for key in CONTACT_TEXTS:
            _plain_set(point, key, getattr(contact, key))
        _local_set(point, "hours", contact.hours, flow=True)
        points.append(point)
    _list_set(organisation, "contact", points)


@dataclass(frozen=True)
class CategoryText:
    code: str  # empty for a new category: made from its Dutch name
    name: Local


def category_code(name: str, taken: set[str]) -> str:
    """An id for a new category, from its name: lower case, unique in the scheme."""
    base = slugify(name).replace("-", "_")[:40] or "category"
    if not base[0].isalpha():
        base = f"c_{base}"
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def categories_set(document: Any, categories: Sequence[CategoryText]) -> None:
    """The categories in this order. A category left out is retired, never deleted:
    complaints filed under it keep it."""
    organisation = document["organisation"]
    existing = {item.get("code"): item for item in organisation.get("categories") or []}
    taken = set(existing)
    items = CommentedSeq()
    for category in categories:
        item = existing.get(category.code)
        if item is None:
            code = category_code(category.name.nl, taken)
            taken.add(code)
            item = CommentedMap([("code", code)])
        _local_set(item, "name", category.name, flow=True)
        items.append(item)
    _list_set(organisation, "categories", items)


def term_set(document: Any, *, procedure: str, step: str | None, kind: str, within: str) -> None:
    """How long one term runs, written as the scheme writes durations (6w, 5wd)."""
    holder = _procedure(document, procedure)
    if step is not None:
        holder = next(s for s in holder["steps"] if s.get("id") == step)
    term = holder["terms"][kind]
    if str(term.get("within")) != within.strip():
        term["within"] = within.strip()
