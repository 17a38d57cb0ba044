"""Organisations (the tenants), their complaint-scheme versions, procedures and categories.

Every complaint-related row belongs to exactly one organisation. A scheme version is
never changed after it is loaded: loading a changed scheme makes a new version, and a
complaint keeps the version it started under.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klachtpad.domain.calendars import AtwCalendar, WorkingCalendar, weekdays_from_names
from klachtpad.domain.permissions import StaffRole
from klachtpad.domain.schemes import Procedure as ProcedureSpec
from klachtpad.domain.schemes import Scheme
from klachtpad.domain.schemes.vocabulary import Regime


class RegimeChoices(models.TextChoices):
    WKKGZ = Regime.WKKGZ.value, _("Wkkgz")
    JEUGDWET = Regime.JEUGDWET.value, _("Jeugdwet")
    WMO_2015 = Regime.WMO_2015.value, _("Wmo 2015")
    CONTRACT = Regime.CONTRACT.value, _("Contract only")


# The fields an organisation's working calendar is made of (``working_calendar``).
CALENDAR_FIELDS = (
    "calendar_country",
    "calendar_subdivision",
    "working_weekdays",
    "excluded_holidays",
    "observed_holidays",
    "closed_days",
    "open_days",
)


class Organisation(models.Model):
    slug = models.SlugField(_("short name"), unique=True, max_length=63)
    name = models.CharField(_("name"), max_length=200)
    # The working-day calendar belongs to the organisation, not to one scheme version:
    # see docs/adr/0003-working-day-calendar.md.
    calendar_country = models.CharField(_("holiday country"), max_length=8, default="NL")
    calendar_subdivision = models.CharField(
        _("holiday region"), max_length=16, blank=True, default=""
    )
    working_weekdays = models.JSONField(_("working weekdays"), default=list)
    excluded_holidays = models.JSONField(_("public holidays worked on"), default=list)
    observed_holidays = models.JSONField(_("optional holidays observed"), default=list)
    closed_days = models.JSONField(_("extra closing days"), default=list)
    open_days = models.JSONField(_("extra working days"), default=list)
    reminder_working_days = models.PositiveSmallIntegerField(
        _("remind the officer this many working days before a term ends"), default=3
    )
    # Handles a complaint about the complaints officer who would otherwise handle it.
    deputy = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handles complaints about a complaints officer"),
    )
    # Health terms (diagnoses, medicines) removed from anonymised texts, one per line.
    redaction_terms = models.TextField(_("health terms to remove"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def working_calendar(self) -> WorkingCalendar:
        """The calendar of working days, from ``CALENDAR_FIELDS``."""
        return WorkingCalendar(
            country=self.calendar_country,
            subdivision=self.calendar_subdivision or None,
            working_weekdays=weekdays_from_names(
                self.working_weekdays or ["mon", "tue", "wed", "thu", "fri"]
            ),
            exclude=frozenset(self.excluded_holidays),
            include=frozenset(self.observed_holidays),
            closed_days=frozenset(date.fromisoformat(day) for day in self.closed_days),
            open_days=frozenset(date.fromisoformat(day) for day in self.open_days),
        )


class SchemeVersion(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="scheme_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    source_name = models.CharField(_("file"), max_length=255)
    source_text = models.TextField(_("scheme file as loaded"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    data = models.JSONField(_("validated scheme"))
    calendar = models.JSONField(_("calendar section"), default=dict)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-number"]
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="scheme_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} v{self.number}"

    @property
    def file_name(self) -> str:
        """The file's name without the folder it was loaded from (a server's path is
        nobody's business)."""
        return PurePath(self.source_name.replace("\\", "/")).name

    def scheme(self) -> Scheme:
        """The validated scheme. A version never changes, so each is read once per
        process (and the model is immutable, so callers may share it)."""
        key = (self.pk, self.content_hash)
        found = _READ_SCHEMES.get(key) if self.pk else None
        if found is None:
            found = Scheme.model_validate(self.data)
            if self.pk:
                if len(_READ_SCHEMES) >= _READ_SCHEMES_LIMIT:
                    _READ_SCHEMES.clear()
                _READ_SCHEMES[key] = found
        return found


_READ_SCHEMES: dict[tuple[int, str], Scheme] = {}
_READ_SCHEMES_LIMIT = 1000


def scheme_read(key: tuple[int, str]) -> Scheme | None:
    """The scheme of the version with this (pk, content hash), if this process has
    read it already."""
    return _READ_SCHEMES.get(key)


class NamedInTwoLanguages:
    """A row with a Dutch and an English name; ``local_name`` is the one the reader reads
    (the Dutch where no English is given)."""

    name_nl: str
    name_en: str

    @property
    def local_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_nl


class Procedure(NamedInTwoLanguages, models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="procedures"
    )
    scheme_version = models.ForeignKey(
        SchemeVersion, on_delete=models.PROTECT, related_name="procedures"
    )
    key = models.SlugField(_("procedure id"), max_length=63)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    regime = models.CharField(_("regime"), max_length=16, choices=RegimeChoices.choices)

    class Meta:
        ordering = ["scheme_version", "id"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            models.UniqueConstraint(fields=["scheme_version", "key"], name="procedure_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.local_name}"

    def spec(self) -> ProcedureSpec:
        return self.scheme_version.scheme().procedure(self.key)

    def spec_scheme(self) -> Scheme:
        """The whole scheme this procedure belongs to, as its version holds it."""
        return self.scheme_version.scheme()


class Category(NamedInTwoLanguages, models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="categories"
    )
    code = models.SlugField(_("code"), max_length=63)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["organisation", "position", "name_nl"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="category_code_unique")
        ]

    def __str__(self) -> str:
        return self.local_name


class Location(models.Model):
    """A place where the organisation gives care; complaints name one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="location_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class StaffRoleChoices(models.TextChoices):
    COMPLAINTS_OFFICER = StaffRole.COMPLAINTS_OFFICER.value, _("complaints officer")
    KEY_WORKER = StaffRole.KEY_WORKER.value, _("key worker")
    CLIENT_CONFIDANT = StaffRole.CLIENT_CONFIDANT.value, _("client confidant")
    LINE_MANAGER = StaffRole.LINE_MANAGER.value, _("coordinator / line manager")
    MANAGEMENT = StaffRole.MANAGEMENT.value, _("management")
    QUALITY_COORDINATOR = StaffRole.QUALITY_COORDINATOR.value, _("quality coordinator")
    ORGANISATION_ADMIN = StaffRole.ORGANISATION_ADMIN.value, _("organisation admin")
    LOG_ADMINISTRATOR = StaffRole.LOG_ADMINISTRATOR.value, _("log administrator")


class Membership(models.Model):
    """One role a person holds in one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=StaffRoleChoices.choices)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.CharField(_("granted by"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "user", "role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}: {self.get_role_display()}"


def atw_calendar() -> AtwCalendar:
    """The Algemene termijnenwet calendar; no days have been designated under art. 3(3)."""
    return AtwCalendar()


def calendar_fields(section: dict[str, Any]) -> dict[str, Any]:
    """The Organisation calendar fields for a scheme file's calendar section."""
    return {
        "calendar_country": section["country"],
        "calendar_subdivision": section.get("subdivision") or "",
        "working_weekdays": list(section["working_days"]),
        "excluded_holidays": list(section["exclude_holidays"]),
        "observed_holidays": list(section["observe_holidays"]),
        "closed_days": [str(day) for day in section["closed_days"]],
        "open_days": [str(day) for day in section["open_days"]],
    }


class RoleChangeChoices(models.TextChoices):
    REQUESTED = "requested", _("asked for")
    APPROVED = "approved", _("given")
    REFUSED = "refused", _("refused")
    REVOKED = "revoked", _("taken away")


class RoleChange(models.Model):
    """The ledger of roles asked for, given, refused and taken away. Append-only: the
    roles in force are ``Membership`` rows; this is what happened to them, and by whom."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=32, choices=StaffRoleChoices.choices)
    change = models.CharField(_("what"), max_length=16, choices=RoleChangeChoices.choices)
    by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_name = models.CharField(_("by"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    # The request an approval or refusal answers.
    request = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")

    def __str__(self) -> str:
        return f"{self.user} {self.role}: {self.change}"


class InvitationKindChoices(models.TextChoices):
    NEW_ACCOUNT = "new_account", _("new account")
    JOIN = "join", _("an existing account is asked to join")
    SECOND_FACTOR = "second_factor", _("set up the second factor again")
    DEMO = "demo", _("demo account: set up at the first sign-in")


class Invitation(models.Model):
    """A one-time, expiring link, mailed to the person's own address, with which they set
    up their second factor (and, for a new account, choose their password) or agree to
    work for an organisation. An account gets its second factor only this way: a
    password alone never lets anyone set one up. Only the hash of the link is kept."""

    kind = models.CharField(_("kind"), max_length=16, choices=InvitationKindChoices.choices)
    user = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="invitations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, choices=StaffRoleChoices.choices, blank=True)
    email = models.EmailField(_("sent to"))
    invited_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("works until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    declined = models.BooleanField(_("declined"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.kind} {self.email}"


class RoundClaim(models.Model):
    """Which run of a round of background work holds it (``klachtpad.rounds``): a run
    takes the round with a conditional update, so two runs planned at once (two workers,
    a run taken again after its worker died) do the work once."""

    name = models.CharField(max_length=200, unique=True)
    held_until = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class PurgePermit(models.Model):
    """While a row of this table exists in a transaction, the append-only tables'
    triggers let that transaction remove or empty their rows. Only the retention purge
    writes one, and removes it before it commits (``klachtpad.append_only``); a row made
    in an open transaction is seen by no other."""

    reason = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.reason
