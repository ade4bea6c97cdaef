"""Relevance and bad input: the Afghan-border hard negative; empty, Urdu/Persian, huge and HTML input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sarhad.read import language, reader
from sarhad.read.reader import read_article

PUB = dt.date(2022, 2, 10)


def test_afghan_border_ambush_in_balochistan_is_off_topic() -> None:
    text = (
        "ZHOB: Terrorists ambushed a Frontier Corps party fencing the Pak-Afghan border in Zhob district of "
        "Balochistan on Wednesday, killing two soldiers, the ISPR said. The fencing of the border with "
        "Afghanistan is nearly complete, officials added."
    )
    article = read_article(text, PUB)
    assert not article.on_topic
    assert article.status == "off_topic" and article.reason


def test_iran_border_attack_is_on_topic() -> None:
    text = (
        "Terrorists firing from across the Iranian border killed two Frontier Corps soldiers in Panjgur, "
        "Balochistan, on Wednesday, the ISPR said."
    )
    article = read_article(text, PUB)
    assert article.on_topic
    assert article.events[0].admin1 == "Balochistan"


def test_unrelated_news_is_off_topic() -> None:
    article = read_article("The central bank kept interest rates unchanged on Thursday. " * 5, PUB)
    assert not article.on_topic and article.status == "off_topic"


def test_empty_text_is_unreadable() -> None:
    article = read_article("   \n ", PUB)
    assert article.status == "unreadable" and "empty" in (article.reason or "")


def test_a_report_in_a_language_without_a_pack_names_its_language() -> None:
    """Urdu and Persian are told apart (the language gate, py3langid), not refused as "Arabic script"."""
    urdu = "بلوچستان میں ایرانی سرحد کے قریب حملے میں سات اہلکار ہلاک ہو گئے۔ " * 5
    article = read_article(urdu, PUB)
    assert article.status == "unreadable" and "Urdu (ur)" in (article.reason or "")
    persian = "در حمله به یک پاسگاه مرزی در نزدیکی سراوان دو مرزبان کشته شدند. " * 5
    assert "Persian (fa)" in (read_article(persian, PUB).reason or "")
    french = "Deux gardes-frontières iraniens ont été tués lundi près de Saravan, à la frontière du Pakistan."
    assert "French (fr)" in (read_article(french * 2, PUB).reason or "")
    assert "installed: en" in (article.reason or "")


def test_a_report_plainly_in_english_is_read_without_the_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    """The language gate asks the detector only about a text that is not plainly in the language read
    (its function words, PLAINLY); a long French report is still refused."""
    asked: list[str] = []

    def detector(text: str) -> tuple[str, float]:
        asked.append(text)
        return language.detect(text)

    monkeypatch.setattr(reader, "detect", detector)
    english = (
        "Gunmen killed four Iranian border guards near Mirjaveh in Sistan and Baluchestan on Tuesday, and "
        "the border was closed for the day. The attackers fled to the hills, the police said in a statement "
        "that was read out on the state television in the evening. "
    ) * 2
    assert read_article(english, PUB).on_topic and asked == []
    french = (
        "Deux gardes-frontières iraniens ont été tués lundi près de Saravan, à la frontière du Pakistan, "
        "selon un communiqué de la police de la province, qui accuse un groupe armé venu de l'autre côté. "
    ) * 3
    assert "French (fr)" in (read_article(french, PUB).reason or "") and asked


def test_five_megabyte_article_is_read_partly_and_says_so() -> None:
    lead = "Gunmen killed four Iranian border guards near Mirjaveh in Sistan and Baluchestan on Tuesday. "
    text = lead + ("Filler sentence about nothing in particular. " * 120_000)
    assert len(text) > 5_000_000
    article = read_article(text, PUB)
    assert article.on_topic and article.events[0].killed == 4
    assert "only the first" in (article.reason or "")


def test_html_remnants_are_ignored() -> None:
    text = (
        "<div class='story'><p>Four Iranian border guards were killed near <b>Saravan</b> in "
        "Sistan and Baluchestan on Tuesday.&nbsp;</p><script>var x = 1;</script></div>"
    )
    article = read_article(text, PUB)
    assert article.on_topic
    event = article.events[0]
    assert (event.killed, event.country) == (4, "IR")
    assert text[event.spans["place"].start : event.spans["place"].end] == "Saravan"


def test_dateline_is_not_the_place() -> None:
    text = "QUETTA: Iranian authorities closed the border gate at Taftan on Sunday for two weeks."
    event = read_article(text, PUB).events[0]
    assert (event.type, event.place) == ("border_closure", "Taftan")


def test_far_inland_event_naming_iran_in_passing_is_off_topic() -> None:
    text = (
        "QUETTA: A bomb blast killed six people near a market in Quetta on Monday, police said. "
        "Balochistan, which borders Afghanistan and Iran, has seen a rise in violence this year."
    )
    assert not read_article(text, PUB).on_topic


@pytest.mark.parametrize(
    "text",
    [
        "Twee Iranse grenswagte is Maandag in 'n aanval naby Saravan dood, het die polisie gesê. "
        "Die aanvallers het uit Pakistan gekom, volgens 'n verklaring van die provinsie. Die grens "
        "is gesluit en die weermag het 'n soektog begin, en die ministerie het gesê dat die saak by"
        " die Verenigde Nasies geopper sal word.",
        "İki İranlı sınır muhafızı pazartesi günü Saravan yakınlarında düzenlenen bir saldırıda "
        "hayatını kaybetti. Saldırganlar Pakistan'dan geldi. İran'ın sınır kapısı ticarete kapandı "
        "ve İran'a giden kamyonlar uzun kuyruklar oluşturdu, bakanlık konunun Birleşmiş Milletler'e"
        " taşınacağını söyledi in a statement.",
        "Due guardie di frontiera iraniane sono state uccise lunedì in un attacco vicino a Saravan,"
        " ha detto la polizia. Gli aggressori provenivano dal Pakistan, secondo una dichiarazione "
        "della provincia. Il confine è stato chiuso e l'esercito ha avviato una ricerca in the "
        "area.",
    ],
)
def test_a_text_in_another_latin_language_is_not_plainly_english(text: str) -> None:
    assert not language.plainly_in_reading_language(text)


def test_every_real_report_of_the_dev_corpus_and_seeds_is_plainly_english(shared_dir: Path) -> None:
    """The fast path's threshold (language.PLAINLY) against real English news: every dev article and seed
    report clears it, so none of them waits on the detector."""
    files = sorted((shared_dir / "corpus" / "dev" / "articles").glob("*.txt"))
    files += sorted(p for p in (shared_dir / "seeds").iterdir() if p.suffix in (".txt", ".md"))
    assert files
    shares = {p.name: language.plainly_in_reading_language(p.read_text("utf-8")) for p in files}
    assert all(shares.values()), [name for name, plain in shares.items() if not plain]
