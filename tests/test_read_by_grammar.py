"""Stop 29: trigger rules read by the parse rather than by a window of characters. Forces that killed
militants ran an operation in either voice and with any words between them and the verb; the militants
that forces killed while answering an attack are part of that attack. The passive, the clause and the
'gunned down' toll fail on stop 28's reader, whose window rule saw neither a passive nor a clause between
the forces and their verb; the other tests guard what that rule got right, which the parse must keep."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 6)
WHERE = " It happened in Panjgur district near the Iranian border."


def _events(text: str) -> list[tuple[str, int | None]]:
    return [(e.type, e.killed) for e in read_article(text + WHERE, DAY).events]


def test_militants_killed_by_forces_in_the_passive_were_an_operation() -> None:
    assert _events("Four terrorists were killed by security forces in Panjgur on Monday.") == [("other", 4)]


def test_a_clause_between_the_forces_and_their_verb_changes_nothing() -> None:
    text = "The FC, acting on a tip-off about a hideout, killed four terrorists in Panjgur on Monday."
    events = read_article(text + WHERE, DAY).events
    assert [(e.type, e.killed, e.perpetrator) for e in events] == [("other", 4, "Frontier Corps")]


def test_forces_said_to_have_killed_a_commander_acted_through_the_verb_they_complete() -> None:
    """'claimed to have killed': the subject of 'claimed' is the agent of 'killed' (a control verb)."""
    text = (
        "Iran's military forces have claimed to have killed Ismail Shah Bakhsh, the commander of Jaish "
        "al-Adl, in Pakistani territory on Saturday."
    )
    assert [kind for kind, _ in _events(text)] == ["other"]


def test_militants_killed_by_the_forces_they_attacked_are_part_of_the_attack() -> None:
    text = (
        "Three border guards were killed when militants attacked a post in Panjgur on Monday. During the "
        "clash, the Frontier Corps killed three of the militants."
    )
    assert _events(text) == [("attack", 3)]


def test_a_toll_told_as_gunned_down_is_counted() -> None:
    assert _events("Two policemen were gunned down in Panjgur on Monday.") == [("attack", 2)]


def test_its_forces_are_the_forces_of_whoever_says_so() -> None:
    """'The IRGC said its forces killed 13 militants': the IRGC acted (stop 28's window rule found it in
    the characters before the verb; the parse finds it through 'its')."""
    text = (
        "The Islamic Revolutionary Guard Corps (IRGC) said on Wednesday that its forces killed 13 militants "
        "in separate operations near Saravan."
    )
    events = read_article(text + WHERE, DAY).events
    assert [(e.type, e.perpetrator) for e in events] == [("other", "Islamic Revolutionary Guard Corps")]


def test_forces_that_stopped_an_infiltration_under_an_agency_dateline_ran_an_operation() -> None:
    """'Tehran, Sep 21 (IANS) Iranian border guards thwarted an infiltration attempt': the dateline is
    furniture, and the guards are the verb's agent however long the phrase the parse gives them."""
    text = (
        "Tehran, Sep 21 (IANS) Iranian border guards thwarted an infiltration attempt by a terrorist group "
        "at the border near Saravan on Friday."
    )
    events = read_article(text + WHERE, DAY).events
    assert [(e.type, e.perpetrator) for e in events] == [("other", "Iranian Border Guard")]


def test_a_year_recalled_after_an_undated_strike_does_not_date_the_strike() -> None:
    """The lead strike is undated; a killing 'in 2018' told later is history, not the strike's date (stop
    28 folded it into the strike, dated the strike 2018 and so judged the report to hold no news)."""
    text = (
        "Pakistan has condemned the recent Iranian airstrike that resulted in the death of two children in "
        "Panjgur. The village was formerly home to a commander of Jaish al-Adl who was killed by Iranian "
        "forces in 2018 during clashes near Saravan."
    )
    article = read_article(text, DAY)
    assert [(e.type, e.background, e.date) for e in article.events if not e.background] == [
        ("cross_border_strike", False, DAY)
    ]


def test_the_clashes_an_operation_was_fought_in_are_that_operation() -> None:
    text = (
        "The commander of Iran's Border Guards said his forces have killed a dangerous terrorist and wounded "
        "several outlaws in armed clashes in the Saravan region on Monday."
    )
    assert [kind for kind, _ in _events(text)] == ["other"]


def test_a_commander_killed_by_forces_in_a_relative_clause_was_their_operation() -> None:
    """'a militant commander who was killed by Iranian forces': the relative pronoun stands for the
    commander, the patient of the passive verb."""
    text = "The village mourned a militant commander who was killed by Iranian forces near Saravan on Monday."
    events = read_article(text + WHERE, DAY).events
    assert [(e.type, e.perpetrator) for e in events] == [("other", "Iran")]


def test_nationals_handed_over_at_the_border_are_a_handover_by_the_handing_state() -> None:
    """Stop 28 knew migrants, prisoners and fishermen handed over, not nationals, and named no actor."""
    text = (
        "The Iranian authorities handed over 68 Pakistani nationals to the Levies Force at the Taftan border."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.perpetrator, e.country) for e in events] == [("other", "Iran", "PK")]


def test_people_deported_in_a_reduced_relative_clause_are_a_handover() -> None:
    """'150 Pakistanis deported by Iran': the noun the participle modifies is its patient."""
    events = read_article("As many as 150 Pakistanis deported by Iran reached Taftan on Monday.", DAY).events
    assert [(e.type, e.perpetrator) for e in events] == [("other", "Iran")]


def test_captives_returning_home_name_no_acting_state() -> None:
    text = "The four guards freed by Jaish al-Adl returned to Iran on Saturday via the Mirjaveh crossing."
    events = read_article(text, DAY).events
    assert [(e.type, e.perpetrator) for e in events if e.type == "other"] == [("other", None)]


def test_the_two_states_talks_on_security_are_ours_though_they_name_the_taliban() -> None:
    """Stop 28 counted 'the Taliban' as a cue for the Afghan border and judged the talks off topic; it
    also missed 'co-operation' with a hyphen."""
    text = (
        "Iranian President Ebrahim Raisi began a three-day visit to Islamabad on Monday and met Prime "
        "Minister Shehbaz Sharif. The leaders vowed to strengthen economic and security co-operation. They "
        "also discussed the situation in Afghanistan under the Taliban."
    )
    article = read_article(text, DAY)
    assert article.on_topic and [e.type for e in article.events] == ["meeting"]


def test_a_drone_shot_down_is_the_shooting_states_act_and_no_strike() -> None:
    """Stop 28 read 'the drone was hit by the Pakistan Air Force' as a cross-border strike by Pakistan, and
    knew no word for a drone shot down."""
    text = (
        "Pakistan shot down an unmanned Iranian drone over Panjgur, 45 km inside its territory, on Tuesday. "
        "The drone was hit by the Pakistan Air Force as it was flying inside Pakistani territory."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.country) for e in events] == [("other", "PK")]


def test_a_state_saying_it_killed_militants_ran_an_operation() -> None:
    """'Iran said it killed 13 “terrorists”': the state is the agent through 'it', and quotes around the
    militants change nothing."""
    text = "Iran said on Wednesday that it killed 13 “terrorists” in raids near Saravan."
    events = read_article(text + WHERE, DAY).events
    assert [(e.type, e.killed) for e in events] == [("other", 13)]


def test_a_strike_told_after_after_beside_another_states_strike_is_the_earlier_one() -> None:
    """Stop 28 made one strike of both, by Iran, on Iran's Tuesday, in no country."""
    text = (
        "Pakistan has launched missile strikes into Iran after Iran carried out strikes in Pakistan late on "
        "Tuesday. The retaliatory strikes hit terrorist hideouts in Iran's Sistan-Baluchestan province."
    )
    events = read_article(text, dt.date(2024, 1, 18)).events
    main = [(e.perpetrator, e.country) for e in events if not e.background]
    assert main == [("Pakistan", "IR")]
    assert [(e.perpetrator, e.date) for e in events if e.background] == [("Iran", dt.date(2024, 1, 16))]


def test_habitual_words_describing_a_place_leave_the_event_news() -> None:
    """'a harsh land plagued by heroin smuggling' describes the province (an apposition, by the parse);
    stop 28 took 'plagued by' for habitual wording about the bombing and dropped the sentence's place."""
    text = (
        "A suicide bomber struck a gathering of tribal leaders near the Pakistan border on Sunday, killing "
        "31. The assault was carried out at a gymnasium in the city of Pishin in Sistan-Baluchistan, a harsh "
        "land plagued by heroin smuggling. Officials in Pakistan cooperate with the agents of these attacks, "
        "the president said."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.place, e.country) for e in events] == [("attack", "Pishin", "IR")]


def test_a_day_without_its_year_is_placed_by_the_month_in_the_address() -> None:
    """A report with no publication date whose address says /2018/12/: 'on December 6' is 2018-12-06."""
    text = "A suicide car bomber attacked a police station in Chabahar on December 6, killing two policemen."
    url = "https://example.org/2018/12/iran-chabahar-police-station-attack.html"
    events = read_article(text, None, url=url).events
    assert [(e.type, e.date, e.date_precision) for e in events] == [("attack", dt.date(2018, 12, 6), "day")]


def test_forces_that_captured_the_attackers_ran_an_operation() -> None:
    text = (
        "Iranian security forces have captured all individuals responsible for a deadly attack on a police "
        "convoy near Saravan, officials said on Monday."
    )
    events = read_article(text, DAY).events
    assert [e.type for e in events] == ["other", "attack"]  # the capture, and the attack it answers


# A review of this stop's first version with sentences of its own found these readings broken; each is
# read as stop 28 read it (or better), and the stop's rules must keep it so.
REVIEWED = [
    (
        "Three soldiers were martyred in a clash with terrorists in Panjgur on Monday, and police arrested "
        "two militants in Turbat.",
        [("attack", 3), ("other", None)],
    ),
    (
        "Two FC personnel were killed by terrorists in Panjgur on Monday; the attackers were later killed by "
        "security forces.",
        [("attack", 2)],
    ),
    (
        "The militant attack on the FC camp in Panjgur on Monday killed four soldiers and three of the "
        "attackers.",
        [("attack", 7)],
    ),
    (
        "The Baloch Liberation Army said it killed a commander of a militia in Panjgur on Monday.",
        [("attack", None)],
    ),
    (
        "Unknown men in army uniforms shot dead a commander of a banned outfit in Panjgur on Monday.",
        [("attack", None)],
    ),
    (
        "Quick action by the Levies helped save 30 lives when militants attacked a post in Panjgur.",
        [("attack", None)],
    ),
    ("Militants shot down a Pakistani army drone near Panjgur on Monday.", []),
    (
        "Police arrested three members of a drug trafficking gang and seized hashish near Taftan.",
        [("smuggling_seizure", None)],
    ),
    ("Pakistan has engaged Baloch militant groups in talks, officials said on Monday.", []),
    (
        "Iranian missiles and drones struck a village in Panjgur on Tuesday night after Iran's Revolutionary "
        "Guards launched strikes on Jaish al-Adl hideouts.",
        [("cross_border_strike", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), REVIEWED, ids=lambda v: v[:40] if isinstance(v, str) else "")
def test_what_the_review_found_stays_read_as_before(
    text: str, expected: list[tuple[str, int | None]]
) -> None:
    events = read_article(text + WHERE, DAY).events
    assert [(e.type, e.killed) for e in events] == expected


def test_numbers_in_an_address_slug_are_no_month() -> None:
    text = "Militants killed four Iranian border guards near Saravan on November 12, Iranian media said."
    events = read_article(text, None, url="https://example.org/2018/3-soldiers-martyred-in-kech").events
    assert [e.date for e in events] == [None]


def test_the_two_states_talks_about_another_border_are_not_ours() -> None:
    text = (
        "Pakistani and Iranian officials met in Islamabad on Monday to discuss the situation on Pakistan's "
        "border with Afghanistan and the Torkham crossing."
    )
    assert not read_article(text, DAY).on_topic


# Stop 30: what the blind sets' extra events taught. Each fails on stop 29's reader.


def test_a_sentence_framed_as_a_previous_event_recalls_it_without_a_date() -> None:
    """'In a previous abduction, the group killed an officer': history, not a second event of the news."""
    text = (
        "Militants abducted 14 Iranian border guards near Saravan on Monday. Jaish al-Adl claimed "
        "responsibility. In a previous abduction, the militant group killed an Iranian officer and released "
        "four soldiers after holding them for two months."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["abduction"]


def test_a_date_in_the_motive_is_not_the_events() -> None:
    """'carried out the attacks in retaliation for the execution in June': June is the execution's, and the
    claim joins the attack the report is about."""
    text = (
        "Two suicide bombers killed 27 people at a mosque in Zahedan on Thursday. The Sunni group "
        "Jundallah said it had carried out the attacks in retaliation for Iran's execution in June of the "
        "group's leader."
    )
    events = read_article(text, dt.date(2010, 7, 16)).events
    assert [(e.type, e.date, e.perpetrator) for e in events] == [
        ("attack", dt.date(2010, 7, 15), "Jundallah")
    ]


@pytest.mark.parametrize(
    "aside",
    [
        "The attack follows Israel's launch of major airstrikes against military targets in Iran.",
        "The strikes came a day after similar attacks were carried out by Tehran inside Iraq and Syria.",
    ],
)
def test_a_third_states_act_or_an_act_abroad_is_not_this_borders(aside: str) -> None:
    text = "Gunmen killed ten Iranian policemen in an ambush near Taftan on Saturday. " + aside
    assert [e.type for e in read_article(text, dt.date(2024, 10, 27)).events] == ["ambush"]


def test_an_agreement_cited_or_only_in_prospect_is_no_agreement() -> None:
    text = (
        "The Pak-Iran joint trade committee met in Quetta on Monday. Traders asked to resume trade under the "
        "1958 agreement between Pakistan and Iran, and the sides discussed potential free trade agreements."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["meeting"]


def test_a_denied_closure_is_not_a_closure() -> None:
    text = (
        "Pakistan's Foreign Office on Wednesday categorically rejected claims of the closure of the border "
        "crossings between Iran and Pakistan at Taftan."
    )
    assert "border_closure" not in [e.type for e in read_article(text, DAY).events]


def test_the_day_of_a_condemnation_is_not_the_attacks() -> None:
    """'The Foreign Office on Sunday condemned an attack': Sunday is the condemnation's; the attack of
    Friday is one event, not two (the small model hangs "on Sunday" on the subject: a role of its own)."""
    text = (
        "The Foreign Office on Sunday strongly condemned an attack on a police station in Rask that killed "
        "11 policemen. On Friday, at least 11 Iranian police officers were killed in an overnight attack on "
        "a police station in Rask. It was claimed by Jaish al-Adl."
    )
    events = read_article(text, dt.date(2023, 12, 17)).events
    assert [(e.type, e.date, e.perpetrator) for e in events] == [
        ("attack", dt.date(2023, 12, 15), "Jaish al-Adl")
    ]


def test_a_byline_with_its_publication_stamp_is_furniture() -> None:
    """The stamp after the author's name is when the report was published: it dates no event."""
    text = (
        "Abdullah Momand Published December 17, 2023 Updated December 17, 2023 06:54pm\n"
        "Pakistan strongly condemned an attack on a police station in Rask that killed 11 policemen.\n"
        "On Friday, 11 Iranian police officers were killed in the attack on the police station in Rask."
    )
    events = read_article(text, dt.date(2023, 12, 17)).events
    assert [(e.type, e.date) for e in events] == [("attack", dt.date(2023, 12, 15))]


def test_prayers_for_the_injured_are_no_event() -> None:
    text = (
        "Gunmen killed five border guards near Saravan on Friday. A statement issued today prayed for the "
        "swift recovery of the injured."
    )
    events = read_article(text, dt.date(2023, 12, 17)).events
    assert [(e.type, e.date) for e in events] == [("attack", dt.date(2023, 12, 15))]


def test_a_crossing_to_open_next_month_has_not_opened() -> None:
    text = (
        "Pak-Iran border market at Gabd to open next month, the commerce minister told a meeting in Quetta."
    )
    assert "border_opening" not in [e.type for e in read_article(text, DAY).events]


def test_a_date_in_a_phrase_about_a_group_is_not_its_attacks() -> None:
    """'Jundallah, whose leader was hanged in June 2010, has also attacked ...': the hanging's date."""
    text = (
        "A suicide bomber killed 39 people at a mosque in Chabahar on Wednesday. Jundallah, whose leader "
        "Abdolmalek Rigi was hanged in June 2010, has also attacked officials in Sistan-Baluchestan."
    )
    events = read_article(text, dt.date(2010, 12, 16)).events
    assert [(e.type, e.date) for e in events] == [("attack", dt.date(2010, 12, 15))]


def test_crimes_a_man_was_convicted_of_are_his_record() -> None:
    text = (
        "A suicide bomber killed 39 people at a mosque in Chabahar on Wednesday. Rigi was executed for 79 "
        "counts of crimes, including armed robbery and armed attacks on police in Zahedan in 2008."
    )
    events = read_article(text, dt.date(2010, 12, 16)).events
    assert [(e.type, e.date) for e in events] == [("attack", dt.date(2010, 12, 15))]


def test_a_border_kept_open_by_agreement_is_an_agreement_not_an_opening() -> None:
    text = (
        "Officials said on Wednesday that Pakistan and Iran had agreed to keep the Taftan border open round "
        "the clock for pilgrims."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["agreement"]


def test_goodwill_with_a_concrete_means_is_an_agreement() -> None:
    text = (
        "Pakistan and Iran agreed on Monday to enhance cooperation for pilgrims by keeping the Taftan border "
        "crossing open 24 hours a day."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["agreement"]


def test_a_commemoration_is_no_violence() -> None:
    text = (
        "Thousands of pilgrims reached the Taftan border on Sunday for Arbaeen, which marks the 40th day of "
        "mourning following the martyrdom of Imam Hussain."
    )
    assert [e.type for e in read_article(text, DAY).events] == []


def test_a_ban_told_with_a_negation_is_a_closure() -> None:
    text = (
        "Interior Minister Mohsin Naqvi on Sunday said that pilgrims would not be allowed to travel to Iran "
        "by road this year due to security concerns in Balochistan."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["border_closure"]


@pytest.mark.parametrize(
    "text",
    [
        "Traders staged a sit-in at Taftan on Monday against the closure of the border with Iran.",
        "A shutter-down strike was observed in Panjgur on Monday against curbs on border trade with Iran.",
    ],
)
def test_people_protesting_are_an_event_reported_as_other(text: str) -> None:
    """A protest (new reader type `protest`) is reported as `other`, as the annotators type it."""
    assert [e.type for e in read_article(text, DAY).events] == ["other"]


def test_a_states_protest_and_a_hold_up_are_no_protest() -> None:
    text = (
        "Armed bandits blocked the road near Saravan on Monday and took 21 passengers hostage. Iran lodged "
        "a strong protest with Pakistan over the abduction."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["abduction"]
