"""Complaint schemes as data: the model, its vocabulary, and reading a scheme file."""

from klachtpad.domain.schemes.model import (
    CLOSE,
    LocalText,
    Procedure,
    Scheme,
    Step,
    TermSpec,
)
from klachtpad.domain.schemes.validation import (
    CheckedScheme,
    Problem,
    SchemeInvalid,
    Severity,
    parse_scheme,
)

__all__ = [
    "CLOSE",
    "CheckedScheme",
    "LocalText",
    "Problem",
    "Procedure",
    "Scheme",
    "SchemeInvalid",
    "Severity",
    "Step",
    "TermSpec",
    "parse_scheme",
]
