"""The document the reader's components share: the report as given, the text as it is worked on, and
what has been found. A component that decides the article sets ``article`` and reading stops."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

from sarhad.read.drafts import Draft
from sarhad.read.lexicon import Place
from sarhad.read.mentions import SentenceInfo
from sarhad.read.model import Article, Event, Span


@dataclass
class Doc:
    text: str
    published: dt.date | None
    file: str = ""
    title: str | None = None
    url: str | None = None
    work: str = ""  # the text being read: markup, datelines and furniture blanked in place
    note: str | None = None
    published_from: str | None = None
    provisional: dt.date | None = None  # the day relative dates count from when the report gives none
    here: tuple[Place, Span] | None = None  # the dateline's place, for talks "held here"
    sentences: list[SentenceInfo] = field(default_factory=list)  # what each sentence holds
    drafts: list[Draft] = field(default_factory=list)  # mentions merged into events, in the text's order
    events: list[Event] = field(default_factory=list)  # the drafts' events, one for each
    article: Article | None = None

    def decide(self, status: Literal["unreadable", "off_topic"], reason: str) -> None:
        """End reading with an article that is not on topic."""
        self.article = Article(self.file, self.published, False, status, reason)


Component = Callable[[Doc], None]


def configured_components() -> tuple[str, ...]:
    """The default order of components (``read/data/pipeline.toml``)."""
    raw = tomllib.loads((resources.files("sarhad.read") / "data" / "pipeline.toml").read_text("utf-8"))
    return tuple(raw["components"])
