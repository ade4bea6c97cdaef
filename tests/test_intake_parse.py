"""Parsing single inputs: formats, metadata, identity and the reasons given for bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from sarhad.intake.parse import IntakeProblem, RawReport, parse_file


def parse_one(path: Path, **kwargs: int) -> RawReport | IntakeProblem:
    results = list(parse_file(path, **kwargs))
    assert len(results) == 1
    return results[0]


def test_txt_header_is_metadata_not_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "# source: Border Desk | url: https://example.org/a?x=1 | published: 2020-05-09\n\nBody here.\n"
    )
    report = parse_one(path)
    assert isinstance(report, RawReport)
    assert (report.source, report.url, report.published) == (
        "Border Desk",
        "https://example.org/a?x=1",
        dt.date(2020, 5, 9),
    )
    assert report.text.strip() == "Body here."
    assert report.raw == path.read_bytes()


def test_txt_unknown_publication_date_stays_unknown(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("# source: X | url: https://e.org | published: unknown\n\nText.")
    report = parse_one(path)
    assert isinstance(report, RawReport) and report.published is None


def test_txt_bad_header_date_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("# source: X | url: https://e.org | published: 09/05/2020\n\nText.")
    problem = parse_one(path)
    assert isinstance(problem, IntakeProblem)
    assert "09/05/2020" in problem.reason and "YYYY-MM-DD" in problem.reason


def test_identity_ignores_line_endings_and_trailing_space(tmp_path: Path) -> None:
    unix, dos = tmp_path / "u.txt", tmp_path / "d.txt"
    unix.write_bytes(b"Line one.\nLine two.\n")
    dos.write_bytes(b"Line one.  \r\nLine two.\r\n\r\n")
    a, b = parse_one(unix), parse_one(dos)
    assert isinstance(a, RawReport) and isinstance(b, RawReport)
    assert a.content_hash == b.content_hash
    assert a.raw != b.raw  # the raw bytes are still kept exactly


def test_same_text_from_other_outlet_is_another_report(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        json.dumps({"text": "Same wire copy.", "source": "A"})
        + "\n"
        + json.dumps({"text": "Same wire copy.", "source": "B"})
        + "\n"
    )
    a, b = list(parse_file(path))
    assert isinstance(a, RawReport) and isinstance(b, RawReport)
    assert a.content_hash != b.content_hash


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_bytes("Mirjaveh crossing reopened.".encode("utf-16"))
    report = parse_one(path)
    assert isinstance(report, RawReport) and report.text == "Mirjaveh crossing reopened."


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    body = " ".join(["Border guards reported a quiet night along the eastern stretch near the crossing."] * 4)
    path.write_text(
        "<html><head><title>Quiet night at the frontier</title>"
        '<meta property="article:published_time" content="2021-03-02T08:00:00Z"></head>'
        f"<body><nav>Home | World | Sport</nav><article><h1>Quiet night at the frontier</h1><p>{body}</p>"
        f"<p>{body}</p></article><footer>Copyright</footer></body></html>"
    )
    report = parse_one(path)
    assert isinstance(report, RawReport)
    assert "quiet night along the eastern stretch" in report.text
    assert "Copyright" not in report.text and "Home | World" not in report.text
    assert report.title == "Quiet night at the frontier"
    assert report.published == dt.date(2021, 3, 2)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("nul.txt", b"abc\x00\x01\x02def", "binary content"),
        ("latin1.txt", "Sarāvān".encode() + " café".encode("latin-1"), "not valid UTF-8"),
        ("doc.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("bad.json", b'{"text": "x",', "malformed JSON"),
        ("notext.json", b'{"source": "x"}', "no 'text'"),
        ("list.json", b"[]", "no reports"),
        ("kind.json", b'{"text": "x", "kind": "rumour"}', "'kind' must be one of"),
        ("date.json", b'{"text": "x", "published": 2020}', "published must be a date string"),
        ("surrogate.json", b'{"text": "bad \\ud800 half"}', "unpaired surrogate"),
        (
            "controls.json",
            b'{"text": "\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\u0008a"}',
            "binary content",
        ),
        ("empty.html", b"<html><body></body></html>", "no main text"),
        # The holes an operator's first week found (issue #16), each one input that fails alone.
        ("poison.json", b'{"text": "x", "published": "9999-12-31"}', "published 9999-12-31 is in the future"),
        ("old.json", b'{"text": "x", "published": "1850-06-01"}', "published 1850-06-01 is before 1900"),
        ("poison.txt", b"# source: X | published: 9999-12-31\nSome text.", "is in the future"),
        ("deep.json", b'{"text": "x", "meta": ' + b"[" * 975 + b"]" * 975 + b"}", "nested more than 32"),
        ("toodeep.json", b'{"text": "x", "meta": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested more than 32"),
        ("digits.json", b'{"text": "x", "n": ' + b"7" * 4301 + b"}", "4,301 digits is out of range"),
        ("huge.json", b'{"text": "x", "n": 1e400}', "number 1e400 is out of range"),
        ("title.txt", b"# source: X | title: " + b"t" * 10_001 + b"\nSome text.", "'title' is longer than"),
        ("url.txt", b"# source: X | url: http://" + b"u" * 10_001 + b"\nSome text.", "'url' is longer than"),
    ],
)
def test_bad_input_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    problem = parse_one(path)
    assert isinstance(problem, IntakeProblem)
    assert problem.input == str(path)
    assert reason in problem.reason


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    problem = parse_one(path, max_bytes=1000)
    assert isinstance(problem, IntakeProblem) and "over the size limit of 1,000 bytes" in problem.reason


def test_jsonl_bad_lines_are_named_and_the_rest_carries_on(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": "First.", "source": "Desk", "published": "2024-01-17T10:00:00Z", "unit": "W-3"})
        + "\n"
        "{not json}\n"
        "\n"
        + json.dumps(["not", "an", "object"])
        + "\n"
        + json.dumps({"text": "Fourth.", "kind": "field_report", "releasability": "bilateral"})
        + "\n"
    )
    results = list(parse_file(path))
    reports = [r for r in results if isinstance(r, RawReport)]
    problems = [r for r in results if isinstance(r, IntakeProblem)]
    assert [r.text for r in reports] == ["First.", "Fourth."]
    assert reports[0].published == dt.date(2024, 1, 17) and reports[0].meta == {"unit": "W-3"}
    assert (reports[1].kind, reports[1].releasability) == ("field_report", "bilateral")
    assert [(p.line, p.reason.split(":")[0]) for p in problems] == [
        (2, "malformed JSON"),
        (4, "a report must be a JSON object, not list"),
    ]


def test_nul_inside_json_text_is_dropped_from_text_but_kept_raw(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"text": "Patrol \u0000report from sector 12 near the crossing point."}))
    report = parse_one(path)
    assert isinstance(report, RawReport)
    assert "\x00" not in report.text and b"\\u0000" in report.raw


def test_jsonl_size_limit_and_encoding_apply_per_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    small = json.dumps({"text": "Short report."}).encode()
    big = json.dumps({"text": "y" * 500}).encode()
    path.write_bytes(
        b"\xef\xbb\xbf"
        + small
        + b"\r\n"
        + big
        + b"\n"
        + b'{"text": "caf\xe9"}\n'
        + small[:-1]
        + b', "source": "B"}\n'
    )
    results = list(parse_file(path, max_bytes=200))
    assert [type(r).__name__ for r in results] == ["RawReport", "IntakeProblem", "IntakeProblem", "RawReport"]
    assert (
        isinstance(results[1], IntakeProblem)
        and results[1].line == 2
        and "over the size limit" in results[1].reason
    )
    assert (
        isinstance(results[2], IntakeProblem)
        and results[2].line == 3
        and "not valid UTF-8" in results[2].reason
    )


def test_a_number_out_of_range_costs_its_line_not_the_rest_of_the_feed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [b'{"text": "first"}', b'{"text": "x", "n": ' + b"9" * 4301 + b"}", b'{"text": "third"}']
    feed.write_bytes(b"\n".join(lines) + b"\n")
    results = list(parse_file(feed))
    assert [type(r).__name__ for r in results] == ["RawReport", "IntakeProblem", "RawReport"]
    problem = results[1]
    assert isinstance(problem, IntakeProblem) and problem.line == 2 and "out of range" in problem.reason


def test_metadata_loses_control_and_bidi_characters_and_the_text_loses_c1(tmp_path: Path) -> None:
    path = tmp_path / "bidi.json"
    title = "Attack\u202e reversed \u0085 \u009b31m\nnear Saravan\u2066"
    path.write_text(
        json.dumps({"text": "Text \u009b with C1 and \u200f a mark.", "title": title, "source": "A\u202eB"})
    )
    report = parse_one(path)
    assert isinstance(report, RawReport)
    assert report.title == "Attack reversed 31m near Saravan"
    assert report.source == "AB"
    assert "\u009b" not in report.text and "\u200f" in report.text  # a right-to-left mark is text


def test_file_names_are_printed_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[31m\u202ename.pdf"
    path.write_bytes(b"x")
    problem = parse_one(path)
    assert isinstance(problem, IntakeProblem)
    assert "\x1b" not in problem.input and "\\x1b[31m\\u202ename.pdf" in problem.input


def test_folder_walk_stays_in_the_folder_and_names_every_entry_it_skips(tmp_path: Path) -> None:
    from sarhad.intake.ingest import discover

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not a report")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("A report.")
    (folder / "sub" / "also.txt").write_text("Another report.")
    (folder / "again.txt").symlink_to(folder / "good.txt")
    (folder / "out.txt").symlink_to(outside / "secret.txt")
    (folder / "outdir").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere")
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    (folder / "here").symlink_to(folder)
    os.mkfifo(folder / "pipe.txt")
    found = {
        (item.input.rsplit("/", 1)[-1], item.reason) if isinstance(item, IntakeProblem) else item.name: item
        for item in discover([folder])
    }
    files = sorted(k for k in found if isinstance(k, str))
    assert files == ["again.txt", "also.txt", "good.txt"]
    reasons = {k[0]: k[1] for k in found if isinstance(k, tuple)}
    assert "out of the folder" in reasons["out.txt"] and "--follow-links" in reasons["out.txt"]
    assert "out of the folder" in reasons["outdir"]
    assert reasons["dangling.txt"] == "dangling symbolic link"
    assert reasons["loop-a"] == reasons["loop-b"] == "symbolic link loop"
    assert "already read" in reasons["here"]
    assert reasons["pipe.txt"] == "not a regular file (a FIFO)"
    followed = [p.name for p in discover([folder], follow_links=True) if isinstance(p, Path)]
    assert "out.txt" in followed and "secret.txt" in followed
