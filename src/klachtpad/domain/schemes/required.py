"""The letters the law itself requires, whether or not a scheme lists them: Klachtpad's
own text is used where the scheme names none, and ``scheme_check`` says so."""

from __future__ import annotations

from klachtpad.domain.schemes.vocabulary import DocumentKind, Event, Regime

REQUIRED_DOCUMENTS: dict[Regime, dict[Event, DocumentKind]] = {
    # Wkkgz art. 17: a written decision, a written notice of an extension, and a
    # motivated written refusal.
    Regime.WKKGZ: {
        Event.DECIDED: DocumentKind.DECISION,
        Event.TERM_EXTENDED: DocumentKind.EXTENSION_NOTICE,
        Event.DECLINED: DocumentKind.DECLINE_NOTICE,
    },
    # Jeugdwet art. 4.2.4: the committee's reasoned judgement, in writing, and the
    # provider's written answer saying which measures it takes.
    Regime.JEUGDWET: {Event.DECIDED: DocumentKind.JUDGEMENT, Event.ANSWERED: DocumentKind.ANSWER},
}
