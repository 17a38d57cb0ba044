"""Removing what identifies a person from complaint texts, for team discussion and reports.

Two passes. First everything the file itself says about people is replaced wherever it
appears: names (whole, and each part of three letters or more that is not a Dutch name
particle such as "van" or "de"), client numbers, e-mail addresses, phone numbers,
address lines and postcodes, dates of birth in the ways people write them, the names
of its attachments, and the health terms (diagnoses, medicines) the organisation lists. Then
patterns catch what the file does not list: any e-mail address, phone number, Dutch
postcode, street and house number, citizen service number (BSN, nine digits that pass
the eleven test), bank account (IBAN, with its check digits), or a date written as
someone's date of birth. What is removed is replaced by a word in square
brackets, so a reader sees that something was there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ten", "ter", "te", "op", "in", "la", "le", "von", "vd"}
)
MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Dutch numbers (0, +31 or 0031 and nine digits) and other international ones (+ and
# eight to thirteen digits), with or without spaces, dashes or dots between the digits.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+31|0031)[\s.-]?(?:\(0\))?|0)[\s.-]{0,3}\d(?:[\s.-]{0,3}\d){8}(?!\d)"
    r"|(?<![\w+])\+\d{2,3}(?:[\s.-]{0,3}\d){8,13}(?!\d)"
)
POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
# A Dutch street name ends in one of these words, then comes the house number.
STREET = re.compile(
    r"\b[A-ZÀ-Ý][\w'-]*(?:straat|weg|laan|plein|kade|gracht|dijk|singel|hof|park|pad|"
    r"steeg|dreef|markt|baan|straatweg|allee|erf|veld|haven)\s+\d{1,5}(?:\s?[a-zA-Z]\b|-\d+)?",
)
# Nine digits, perhaps grouped with dots or spaces, not part of a longer number.
NINE_DIGITS = re.compile(r"(?<!\d)(?<!\d[.\s])\d(?:[.\s]?\d){8}(?![.\s]?\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b")
BIRTH = re.compile(
    r"(?:geboren|geb\.|geboortedatum|born|date of birth)\s*(?:op|on)?\s*:?\s*"
    r"\d{1,2}[-/. ](?:\d{1,2}|[a-zA-Z]{3,9})[-/. ]\d{2,4}",
    re.IGNORECASE,
)


def is_bsn(digits: str) -> bool:
    """Whether nine digits pass the eleven test of a citizen service number."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def is_iban(text: str) -> bool:
    """Whether ``text`` is an IBAN with valid check digits (ISO 13616, modulo 97)."""
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


@dataclass(frozen=True)
class Redactions:
    """The words that stand in for what was removed (translated by the caller)."""

    name: str = "naam"
    number: str = "cliëntnummer"
    contact: str = "contactgegeven"
    address: str = "adres"
    birth_date: str = "geboortedatum"
    bsn: str = "BSN"
    account: str = "rekeningnummer"
    health: str = "gezondheidsgegeven"
    file: str = "bestand"


@dataclass
class Identifiers:
    """What identifies the people of one complaint file, and the word that replaces it."""

    names: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    contacts: set[str] = field(default_factory=set)  # e-mail addresses, phone numbers
    addresses: set[str] = field(default_factory=set)
    birth_dates: set[date] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)  # health terms the organisation lists
    files: set[str] = field(default_factory=set)  # names of the file's attachments

    def add_terms(self, text: str) -> None:
        """One term per line (a diagnosis, a medicine), as the organisation lists them."""
        self.terms |= {line.strip() for line in text.splitlines() if len(line.strip()) >= 3}

    def add_name(self, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            return
        self.names.add(name)
        parts = [part.strip(".,()") for part in name.split()]
        for part in parts:
            if len(part) >= 3 and part.lower() not in PARTICLES:
                self.names.add(part)
        # "de Vries" as well as "Vries": the surname with its particles.
        for start, part in enumerate(parts):
            if part.lower() in PARTICLES and start > 0:
                self.names.add(" ".join(parts[start:]))
                break

    def add_address(self, address: str) -> None:
        for line in address.splitlines():
            line = line.strip(" ,")
            if len(line) >= 4:
                self.addresses.add(line)

    def merge(self, other: Identifiers) -> None:
        self.names |= other.names
        self.numbers |= other.numbers
        self.contacts |= other.contacts
        self.addresses |= other.addresses
        self.birth_dates |= other.birth_dates
        self.terms |= other.terms
        self.files |= other.files


def _date_forms(day: date) -> list[str]:
    forms = [
        day.isoformat(),
        f"{day.day}-{day.month}-{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
    ]
    for months in (MONTHS_NL, MONTHS_EN):
        forms.append(f"{day.day} {months[day.month - 1]} {day.year}")
    forms.append(f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}")
    return forms


def _pattern(texts: Iterable[str]) -> re.Pattern[str] | None:
    # Longest first, so "Jan de Vries" goes before "Vries".
    ordered = sorted({text for text in texts if text}, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(text) for text in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


class Redactor:
    """Removes ``identifiers`` and contact-like patterns from texts; the patterns are
    compiled once, for many texts."""

    def __init__(self, identifiers: Identifiers, words: Redactions | None = None) -> None:
        words = words or Redactions()
        birth_dates = (form for day in identifiers.birth_dates for form in _date_forms(day))
        found: list[tuple[re.Pattern[str] | None, str]] = [
            # A file name may hold a name or a diagnosis: it goes whole, first.
            (_pattern(identifiers.files), words.file),
            (_pattern(identifiers.contacts), words.contact),
            (EMAIL, words.contact),
            (PHONE, words.contact),
            (_pattern(identifiers.addresses), words.address),
            (STREET, words.address),
            (POSTCODE, words.address),
            (_pattern(birth_dates), words.birth_date),
            (BIRTH, words.birth_date),
            (_pattern(identifiers.numbers), words.number),
            (_pattern(identifiers.terms), words.health),
            (_pattern(identifiers.names), words.name),
        ]
        self.passes = [(pattern, f"[{word}]") for pattern, word in found if pattern is not None]
        self.bsn, self.account = f"[{words.bsn}]", f"[{words.account}]"

    def __call__(self, text: str) -> str:
        # Numbers first, before a phone pattern could take part of one.
        text = IBAN.sub(lambda m: self.account if is_iban(m.group(0)) else m.group(0), text)
        text = NINE_DIGITS.sub(
            lambda m: self.bsn if is_bsn(re.sub(r"\D", "", m.group(0))) else m.group(0), text
        )
        for pattern, replacement in self.passes:
            if not text:
                break
            text = pattern.sub(replacement, text)
        return text
