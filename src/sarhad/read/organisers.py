"""Who held a protest: the organisations the report names as its members, leaders or callers, or as the
subject of holding it. They are the protest's acting party, as a state is a closure's."""

from __future__ import annotations

from sarhad.read.agents import Perpetrator
from sarhad.read.drafts import Draft
from sarhad.read.language import pack_pattern
from sarhad.read.mentions import SentenceInfo

_OF = pack_pattern("organisers.of")  # "workers and supporters of the All Parties Alliance"
_SUBJECT = pack_pattern("organisers.subject")  # "The Pickup Owners' Union staged a sit-in"
_CROWD = pack_pattern("organisers.crowd")  # "Protesters stormed the governor's office"


def organisers(draft: Draft, infos: dict[int, SentenceInfo]) -> Perpetrator | None:
    """The first organisation named as holding the protest in the sentences that tell it (a sentence
    after it may be about anyone: "The European Union announced aid"); else the crowd as the report
    names it ("protesters")."""
    for named in (True, False):
        for mention in draft.mentions:
            text = infos[mention.index].sentence.text
            found = (_OF.search(text) or _SUBJECT.search(text)) if named else _CROWD.search(text)
            if found is not None:
                at = infos[mention.index].sentence.start
                start, end = at + found.start("org"), at + found.end("org")
                return Perpetrator(found.group("org"), "acting", start, end)
    return None
