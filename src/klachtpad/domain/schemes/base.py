"""The ground a scheme file is written on: the base model that refuses unknown fields
with a suggestion, text in two languages, ids, durations and contact points."""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from klachtpad.domain.durations import Duration, DurationError
from klachtpad.domain.marking import gettext_noop

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE = re.compile(r"^(\+|\()?[0-9][0-9 ()-]{5,20}$")


def parse_duration(value: object) -> Duration:
    try:
        return Duration.parse(value)
    except DurationError as error:
        raise PydanticCustomError("duration", error.template, error.params) from None


SchemeDuration = Annotated[
    Duration, BeforeValidator(parse_duration), PlainSerializer(str, return_type=str)
]


def identifier(value: object) -> str:
    if not isinstance(value, str) or not _IDENTIFIER.match(value):
        raise PydanticCustomError(
            "identifier",
            gettext_noop(
                "%(value)s is not a valid id; use lower-case letters, digits, - and _, "
                "starting with a letter (for example complaints_officer)"
            ),
            {"value": repr(value)},
        )
    return value


Identifier = Annotated[str, BeforeValidator(identifier)]


def _word_id(value: object) -> str:
    word = identifier(value)
    if len(word) > WORD_ID_LENGTH:
        raise PydanticCustomError(
            "word_id",
            gettext_noop(
                "%(value)s is longer than %(limit)s characters; the file keeps it with each "
                "complaint"
            ),
            {"value": repr(value), "limit": WORD_ID_LENGTH},
        )
    return word


WORD_ID_LENGTH = 32  # the complaint file stores a word's id in a column of this size
WordId = Annotated[str, BeforeValidator(_word_id)]


class SchemeModel(BaseModel):
    """Base: immutable, and unknown fields are refused with a suggestion."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_fields(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        known = set(cls.model_fields)
        known |= {field.alias for field in cls.model_fields.values() if field.alias}
        for key in data:
            if key in known:
                continue
            if isinstance(key, bool):
                raise PydanticCustomError(
                    "yaml_boolean",
                    gettext_noop(
                        "a field is read as %(key)s: YAML takes on, off, yes and no for true or "
                        'false; put the name in quotes ("on")'
                    ),
                    {"key": str(key).lower()},
                )
            close = difflib.get_close_matches(str(key), sorted(known), n=1)
            if close:
                raise PydanticCustomError(
                    "unknown_field",
                    gettext_noop('unknown field "%(key)s"; did you mean "%(close)s"?'),
                    {"key": str(key), "close": close[0]},
                )
            names = sorted(field.alias or name for name, field in cls.model_fields.items())
            raise PydanticCustomError(
                "unknown_field",
                gettext_noop('unknown field "%(key)s"; known fields: %(known)s'),
                {"key": str(key), "known": ", ".join(names)},
            )
        return data


class LocalText(SchemeModel):
    """Text in Dutch and English. A plain string means the same text in both."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _same_in_both(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"nl": data, "en": data}
        return data

    @field_validator("nl", "en")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") else self.nl


class ContactPoint(SchemeModel):
    """One way to reach a person or body. At least one channel is required."""

    label: LocalText | None = None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    form: str | None = None
    chat: str | None = None
    address: str | None = None
    hours: LocalText | None = None
    audience: LocalText | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not EMAIL.match(value):
            raise PydanticCustomError(
                "email", gettext_noop("%(value)s is not an e-mail address"), {"value": repr(value)}
            )
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.match(value):
            raise PydanticCustomError(
                "phone",
                gettext_noop(
                    "%(value)s is not a phone number; write digits, spaces and dashes, "
                    "for example 0228-322205"
                ),
                {"value": repr(value)},
            )
        return value

    @field_validator("website", "form", "chat")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise PydanticCustomError(
                "url",
                gettext_noop("%(value)s is not a web address; start it with https://"),
                {"value": repr(value)},
            )
        return value

    @model_validator(mode="after")
    def _has_a_channel(self) -> Self:
        channels = (self.phone, self.email, self.website, self.form, self.chat, self.address)
        if not any(channels):
            raise PydanticCustomError(
                "no_channel",
                gettext_noop(
                    "a contact point needs at least one of phone, email, website, form, chat, "
                    "address"
                ),
            )
        return self
