"""Stop 33: reports the reader used to drop whole, and strikes told by where the fire came from. A page
with its Urdu translation below is read in English; a side's diesel seized on the coast, troops ambushed
"while patrolling the border" in a report of the two states, and a report that tells only of an earlier
agreement on this border are all border news; a meeting told as a clause after "after" happened, one
that "will be convened" has not; mortars "fired from Iranian territory" are Iran's, dated by the night
they were fired rather than the day the protest was lodged; bodies handed over by one state to the other
are a handover. Each test fails on stop 32's reader (df9a8e1)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)  # a Wednesday


def test_a_page_with_its_urdu_translation_is_read_in_english() -> None:
    english = (
        "A new border crossing with Iran was opened near Taftan in Chagai district on Tuesday. The deputy "
        "commissioner said traders on both sides of the border would benefit from it."
    )
    urdu = "ضلع چاغی میں ایران کے ساتھ ایک نئی سرحدی کراسنگ کھول دی گئی۔ ڈپٹی کمشنر نے افتتاح کیا۔"
    article = read_article(f"{english}\n\n{urdu}", DAY)
    assert article.on_topic
    assert [e.type for e in article.events] == ["border_opening"]


def test_a_sides_diesel_seized_on_the_coast_far_from_the_line_is_border_smuggling() -> None:
    text = "Customs seized 18,000 litres of smuggled Iranian diesel from a launch near Ormara on Monday."
    article = read_article(text, DAY)
    assert article.on_topic
    assert [(e.type, e.place) for e in article.events] == [("smuggling_seizure", "Ormara")]


def test_troops_ambushed_while_patrolling_the_border_in_a_report_of_the_two_states() -> None:
    text = (
        "Pakistan protested to Iran on Saturday over the killing of six soldiers who were ambushed by "
        "terrorists while patrolling the border."
    )
    article = read_article(text, DAY)
    assert article.on_topic
    assert [(e.type, e.killed) for e in article.events] == [("ambush", 6)]


def test_a_report_of_an_earlier_agreement_on_this_border_is_kept_as_background() -> None:
    text = (
        "Trade along the border with Iran will grow with three new markets, the commerce adviser said. "
        "The memorandum of understanding on the markets was signed by Pakistan and Iran in January."
    )
    article = read_article(text, DAY)
    assert article.on_topic
    assert [(e.type, e.background) for e in article.events] == [("agreement", True)]


def test_a_meeting_told_as_a_clause_after_after_happened() -> None:
    text = (
        "After the two held a meeting in Islamabad on Monday, the presidents said Pakistan and Iran would "
        "fight terrorism together along their border."
    )
    assert "meeting" in [e.type for e in read_article(text, DAY).events]


def test_a_meeting_that_will_be_convened_is_not_yet_an_event() -> None:
    text = (
        "Mortar shells fired from Iranian territory landed in Chagai district on Monday. A meeting between "
        "the two sides on the issue will be convened on Thursday, officials said."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["cross_border_strike"]


def test_mortars_fired_from_a_sides_territory_are_its_strike_dated_by_the_firing() -> None:
    text = (
        "Pakistani officials lodged a protest with Iranian border authorities on Tuesday over firing of "
        "mortar shells into Pakistani territory from across the Iranian border. Several mortar shells "
        "landed in Kachao, a small town in Chagai district, on Sunday evening."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.perpetrator, e.date) for e in events] == [
        ("cross_border_strike", "Iran", dt.date(2024, 4, 28))
    ]


def test_last_night_is_the_day_before_the_report() -> None:
    text = "At least 12 mortars were fired from the Iranian side at the border area of Chagai last night."
    events = read_article(text, DAY).events
    assert [(e.type, e.date, e.perpetrator) for e in events] == [
        ("cross_border_strike", dt.date(2024, 4, 30), "Iran")
    ]


def test_bodies_one_state_hands_to_the_other_are_a_handover_but_not_those_given_to_families() -> None:
    handed = read_article(
        "Iran on Thursday handed over the bodies of nine Pakistani labourers at the Taftan border.", DAY
    )
    assert [(e.type, e.perpetrator) for e in handed.events] == [("other", "Iran")]
    families = read_article(
        "Iranian guards shot dead two Pakistanis near Mashkel on Monday. Local police handed over the "
        "bodies to the victims' families.",
        DAY,
    )
    assert [e.type for e in families.events] == ["attack"]


def test_an_attack_in_mid_february_told_after_the_news_of_an_undated_report_is_background() -> None:
    text = (
        "Iran and Pakistan agreed to establish a joint rapid reaction force on their common border. "
        "Tehran beefed up security along the border after a suicide bomber killed 27 guards in mid-February."
    )
    events = read_article(text).events
    assert [(e.type, e.background) for e in events] == [("agreement", False), ("attack", True)]


def test_a_weak_word_of_the_events_family_takes_its_date() -> None:
    """'April 26 killing of 10 guards in a militant attack': the date is the killing's, which is the
    attack's word too, not the meeting's."""
    text = (
        "Officials of both countries met at Taftan on Monday to discuss border security. The meeting was "
        "held in the wake of the April 26 killing of 10 Iranian border guards in a militant attack."
    )
    events = read_article(text, DAY).events
    attacks = [(e.date, e.killed) for e in events if e.type == "attack"]
    assert attacks == [(dt.date(2024, 4, 26), 10)]


def test_blocking_kilometres_of_the_border_is_fencing() -> None:
    text = "Iran has blocked 90 kilometres of its common border with Pakistan with a wall and radar systems."
    assert [e.type for e in read_article(text, DAY).events] == ["fencing"]


def test_an_attack_that_claimed_n_or_a_state_that_lost_n_counts_the_dead() -> None:
    claimed = "Militants attacked a police station in Saravan on Monday, an attack that claimed 11 policemen."
    lost = "Iran has lost ten border guards in a terrorist attack near Mirjaveh on Monday."
    assert [e.killed for e in read_article(claimed, DAY).events] == [11]
    assert [e.killed for e in read_article(lost, DAY).events] == [10]


def test_a_non_violent_event_recalled_only_by_its_year_is_context_but_violence_is_kept() -> None:
    text = (
        "Iran handed over 14 Pakistani prisoners at the Taftan border on Monday under an agreement on the "
        "transfer of prisoners signed in 2014. Jaish al-Adl killed 27 Revolutionary Guards near Zahedan "
        "in 2019."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.background) for e in events] == [("other", False), ("attack", True)]


def test_rounds_that_came_from_a_state_told_after_the_strike_make_it_that_states() -> None:
    text = (
        "Six mortar shells landed near the Pakistani town of Mashkel on Friday. A Pakistani official said "
        "that the rounds came from Iran."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.perpetrator, e.country) for e in events] == [("cross_border_strike", "Iran", "PK")]
