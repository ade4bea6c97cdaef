"""Characters that must not pass from an input to storage or to a terminal, in one place: intake strips
them from metadata, and the CLI escapes them in everything it prints. (Imported by the CLI at start-up:
keep it free of heavy imports.)"""

from __future__ import annotations

import re

# C0 controls other than tab/newline/carriage return make text unusable (and PostgreSQL rejects NUL); C1
# controls never belong in UTF-8 text (a terminal obeys some of them).
BAD_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In one-line metadata (titles, sources) a bidirectional embedding, override or isolate can only disguise
# what follows it; the text itself keeps them, since Urdu and Persian quote Latin names with them.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def escaped(text: str, keep: str = "") -> str:
    """``text`` with control and bidirectional-control characters (but those in ``keep``) written as
    ``\\xNN`` / ``\\uNNNN`` escapes."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if ch not in keep and _unsafe(ch) else ch for ch in text
    )


def _unsafe(ch: str) -> bool:
    return bool(BAD_CONTROLS.match(ch) or BIDI_CONTROLS.match(ch)) or ch in "\t\n\r"
