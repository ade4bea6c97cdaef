"""Named patterns resolve to the pack of the language being read."""

from __future__ import annotations

import pytest

from sarhad.read import language
from sarhad.read.language import LanguageError, pack_pattern, reading_in


def test_a_named_pattern_reads_in_the_language_set_for_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    english = language._patterns("en")
    other = dict(english, **{"counts.vague": r"\bchand\b"})  # a stand-in second pack
    monkeypatch.setattr(language, "_patterns", lambda code: other if code == "xx" else english)
    language.compiled.cache_clear()
    vague = pack_pattern("counts.vague")
    try:
        assert vague.search("a dozen guards") and not vague.search("chand guards")
        with reading_in("xx"):
            assert vague.search("chand guards") and not vague.search("a dozen guards")
        assert vague.search("a dozen guards")  # back to English outside the block
    finally:
        language.compiled.cache_clear()


def test_a_missing_pattern_is_named() -> None:
    with pytest.raises(LanguageError, match=r"no pattern 'counts\.nothing'"):
        pack_pattern("counts.nothing")
    with reading_in("xx"), pytest.raises(LanguageError, match="no language pack 'xx'"):
        pack_pattern("counts.vague").search("text")
