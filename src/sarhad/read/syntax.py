"""Syntax: who did what to whom in a sentence, from a dependency parse (spaCy) and the language pack's
role patterns (``read/data/languages/<code>/syntax.toml``), instead of character windows.

A :class:`Roles` lists, for one sentence, each verb with the noun phrases that are its agent or its
patient and whether it is negated, in character offsets of that sentence. The parse is made only for
sentences that need it (a trigger or an actor to judge), once, and cached by the reader per article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from sarhad.read.language import DEFAULT_LANGUAGE, LanguageError, pack_file


class RolePattern(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    span: Literal["phrase", "head", "token", "clause"] = "phrase"
    note: str = ""
    pattern: tuple[dict[str, Any], ...]
    verb_lacks: frozenset[str] = frozenset()  # dependencies the verb may not have (its own subject)
    examples: tuple[tuple[str, str, str], ...] = ()  # (sentence, verb lemma, noun) the pattern must find


class SyntaxPack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    model: str
    exclude: tuple[str, ...] = ()
    attack_verbs: frozenset[str] = frozenset()
    reaction_verbs: frozenset[str] = frozenset()
    later_verbs: frozenset[str] = frozenset()
    nesting_words: tuple[str, ...] = ()
    role: tuple[RolePattern, ...]


@dataclass(frozen=True)
class Role:
    """A verb and one noun phrase with the role it plays: "agent", "patient", "partner" (the object of
    "with"), "negation", "modifier" (when or where the verb happened), "past" (the verb's clause tells what
    had happened before), "visitor" (a named person arriving somewhere), "identity" (the predicate of "be"),
    "destination" (where someone or something was taken) or "proposed" (an act after "to" asked for,
    agreed on or intended, not done)."""

    name: str
    verb: str  # the verb's lemma
    verb_start: int
    verb_end: int
    start: int  # the noun phrase, in characters of the sentence
    end: int
    text: str


class Roles:
    """The roles of one sentence. ``nested`` finds a word that nests a name inside a phrase ("the role
    of the PCG"); ``reactions`` are verbs whose agent reacts to an event rather than acts in it."""

    def __init__(
        self,
        roles: list[Role],
        nested: re.Pattern[str] | None = None,
        reactions: frozenset[str] = frozenset(),
        later: frozenset[str] = frozenset(),
    ) -> None:
        self.roles = roles
        self.nested, self.reactions, self.later = nested, reactions, later

    def of(self, start: int, end: int) -> list[Role]:
        """Agent and patient roles whose noun phrase covers the characters start..end ("Iranian border
        guards")."""
        return [r for r in self._covering(start, end) if r.name in ("agent", "patient")]

    def governors(self, start: int, end: int) -> list[Role]:
        """The modifier roles that tell the time or place of a word by a phrase at start..end ("a February 13
        attack": attack): those of the smallest phrase holding it ("against the backdrop of last Friday's
        attack" is the backdrop's, not the call's)."""
        phrases = [r for r in self._covering(start, end) if r.name == "modifier"]
        if not phrases:
            return []
        size = min(r.end - r.start for r in phrases)
        return [r for r in phrases if r.end - r.start == size]

    def reaction(self, role: Role) -> bool:
        """Whether a role's verb reacts to or tells of an event ("urged", "said") rather than acts in it."""
        return role.verb in self.reactions

    def within(self, name: str, start: int, end: int) -> bool:
        """Whether start..end lies in a phrase playing the role ``name``: "past" (a clause telling what had
        happened before the news), "identity" (who the subject of "be" is), "destination" (where someone
        or something was taken)."""
        return any(r.name == name for r in self._covering(start, end))

    def played(self, start: int, end: int) -> list[Role]:
        """Agent and patient roles that start..end itself plays, not a name nested in the phrase after a
        preposition ("the critical role of the PCG" is no role of the PCG's)."""
        nested = self.nested
        return [
            r for r in self.of(start, end) if nested is None or not nested.search(r.text[: start - r.start])
        ]

    def acts_in(self, start: int, end: int, events: list[tuple[int, int]]) -> bool:
        """Whether the name at start..end is the agent of an event word's own verb ("Iran closed the
        crossing") or of a verb whose object holds it ("Tehran conducted an airstrike"): not of another verb
        ("tensions between Pakistan and Iran soared after ...") nor of a reaction ("Pakistan condemned
        the attack")."""
        for role in self.played(start, end):
            if role.name != "agent" or role.verb in self.reactions:
                continue
            for e_start, e_end in events:
                if e_start <= role.verb_start < e_end or any(
                    o.name == "patient" and o.verb_start == role.verb_start and o.start <= e_start < o.end
                    for o in self.roles
                ):
                    return True
        return False

    def _covering(self, start: int, end: int) -> list[Role]:
        return [r for r in self.roles if r.start <= start and end <= r.end]

    def negated(self, start: int, end: int) -> bool:
        """Whether a verb within start..end is negated ("did not close")."""
        return self.verb_has("negation", start, end)

    def verb_has(self, name: str, start: int, end: int) -> bool:
        """Whether a verb within start..end has a role of this name ("visitor": 'Karimi arrived')."""
        return any(r.name == name and start <= r.verb_start < end for r in self.roles)


class UnavailableModel(LanguageError):
    """The language pack's parsing model is not installed."""


class Syntax:
    """A language's parser and role patterns, loaded once."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        import spacy
        from spacy.matcher import DependencyMatcher

        self.pack = syntax_pack(language)
        try:
            self.nlp = spacy.load(self.pack.model, exclude=list(self.pack.exclude))
        except OSError as exc:
            raise UnavailableModel(
                f"the {language!r} parsing model {self.pack.model!r} is not installed: "
                "pip install the pinned package (see pyproject.toml); it is never downloaded at run time"
            ) from exc
        words = "|".join(map(re.escape, self.pack.nesting_words))
        self.nested = re.compile(rf"(?i)\b(?:{words})\b") if words else None
        self.matcher = DependencyMatcher(self.nlp.vocab)
        for n, role in enumerate(self.pack.role):
            self.matcher.add(f"{n}:{role.name}", [list(role.pattern)])

    def roles(self, text: str) -> Roles:
        doc = self.nlp(text)
        found: list[Role] = []
        for match_id, ids in self.matcher(doc):
            pattern = self.pack.role[int(self.nlp.vocab.strings[match_id].split(":", 1)[0])]
            verb, noun = doc[ids[0]], doc[ids[-1]]  # patterns name the verb first and the noun last
            if any(child.dep_ in pattern.verb_lacks for child in verb.children):
                continue
            phrase = _phrase(pattern.span, verb, noun)
            found.append(
                Role(
                    pattern.name,
                    verb.lemma_.lower(),
                    verb.idx,
                    verb.idx + len(verb.text),
                    phrase.start_char,
                    phrase.end_char,
                    phrase.text,
                )
            )
        return Roles(found, self.nested, self.pack.reaction_verbs, self.pack.later_verbs)


def _phrase(span: str, verb: Any, noun: Any) -> Any:
    """What a role covers: the noun's token, its words up to itself ("head": not the relative clause
    after it), the noun's phrase or the verb's clause."""
    if span == "token":
        return noun.doc[noun.i : noun.i + 1]
    if span == "head":
        return noun.doc[noun.left_edge.i : noun.i + 1]
    head = verb if span == "clause" else noun
    return head.doc[head.left_edge.i : head.right_edge.i + 1]


@lru_cache(maxsize=4)
def syntax_pack(language: str = DEFAULT_LANGUAGE) -> SyntaxPack:
    return pack_file(language, "syntax.toml", SyntaxPack)


@lru_cache(maxsize=4)
def load_syntax(language: str = DEFAULT_LANGUAGE) -> Syntax:
    return Syntax(language)


def lazy_roles(syntax: Syntax, sentence: str) -> Callable[[], Roles]:
    """The sentence's roles, parsed on first use and then kept: most sentences are never parsed."""
    done: list[Roles] = []

    def roles() -> Roles:
        if not done:
            done.append(syntax.roles(sentence))
        return done[0]

    return roles
