"""What the complaints app tells the apps above it, which it does not know.

``history_appended`` is sent inside the transaction of every change to a complaint, once
its history entry and the messages the scheme asks for are written. The notifications app
answers it with the letters, mail and staff notifications they call for
(``notifications.dispatch``); a receiver that raises rolls the whole change back, so a
change and what it tells are kept or lost together.

Arguments: ``complaint``, ``entry`` (the history entry), ``messages`` (its outgoing
messages), ``notes`` (staff to tell beyond the scheme's messages, ``StaffNote``),
``signer`` (the name that signs letters) and ``by_complainant``.
"""

from __future__ import annotations

from django.dispatch import Signal

history_appended = Signal()
