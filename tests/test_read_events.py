"""Event detection and assembly: types, main vs background, merging, spans."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.reader import default_reader, read_article
from sarhad.read.text import publication_stamp, sentences


def test_background_events_are_split_by_their_dates() -> None:
    text = (
        "Militants killed five Iranian border guards near Saravan in Sistan and Baluchestan on Monday. "
        "Jaish al-Adl claimed responsibility. The group had killed nine guards in March 2019 and "
        "three guards in June 2016."
    )
    events = read_article(text, dt.date(2021, 5, 12)).events
    summary = [(e.type, e.date, e.date_precision, e.killed, e.background) for e in events]
    assert summary == [
        ("attack", dt.date(2021, 5, 10), "day", 5, False),
        ("attack", dt.date(2019, 3, 1), "month", 9, True),
        ("attack", dt.date(2016, 6, 1), "month", 3, True),
    ]
    assert all(e.perpetrator == "Jaish al-Adl" for e in events)
    assert events[1].country == "IR"  # a background event without a place stays in the main theatre


def test_explosions_reported_with_a_strike_are_the_strike() -> None:
    text = (
        "Iran launched missile and drone strikes on militant hideouts in Panjgur, Balochistan, on Tuesday, "
        "killing two children, Pakistan's foreign ministry said. Explosions were heard in Panjgur on "
        "Tuesday night, residents said."
    )
    events = read_article(text, dt.date(2024, 1, 17)).events
    assert [(e.type, e.perpetrator, e.killed, e.admin1) for e in events] == [
        ("cross_border_strike", "Iran", 2, "Balochistan")
    ]


def test_closure_and_opening_need_a_border_point() -> None:
    closed = read_article(
        "Iranian authorities closed the Taftan border gate on Sunday.", dt.date(2021, 3, 22)
    )
    assert [(e.type, e.perpetrator, e.date) for e in closed.events] == [
        ("border_closure", "Iran", dt.date(2021, 3, 21))
    ]
    shops = read_article("Shops in Quetta closed on Sunday for a strike over Iranian fuel prices.", None)
    assert not any(e.type == "border_closure" for e in shops.events)


def test_release_takes_the_abductors_and_the_freeing_state() -> None:
    text = (
        "Jaish al-Adl abducted 12 Iranian border guards near Mirjaveh in October 2018. "
        "On Nov 15 Pakistani troops safely recovered five of the 12 guards, according to the military."
    )
    events = {e.type: e for e in read_article(text, dt.date(2018, 11, 20)).events}
    release = events["hostage_release"]
    assert (release.released, release.date, release.country) == (5, dt.date(2018, 11, 15), "PK")
    assert release.perpetrator == "Jaish al-Adl"
    assert events["abduction"].abducted == 12 and events["abduction"].background


def test_every_value_has_a_span_into_the_input() -> None:
    text = (
        "QUETTA: Six soldiers were killed by a roadside bomb in Buleda, Kech, near the Iranian border "
        "on Friday."
    )
    event = read_article(text, dt.date(2020, 5, 9)).events[0]
    for name in ("type", "date", "place", "killed"):
        span = event.spans[name]
        assert text[span.start : span.end] == span.text
    assert 0 < event.confidence <= 1


def test_publication_stamps() -> None:
    assert publication_stamp("Title\n\nPublished March 22, 2021\nText") == dt.date(2021, 3, 22)
    assert publication_stamp(" date 2020-05-12 Heading") == dt.date(2020, 5, 12)
    assert publication_stamp("Title\nDecember 16, 2023\nText") == dt.date(2023, 12, 16)
    assert publication_stamp("He said on May 8, 2020 that") is None


def test_a_toll_told_in_the_next_sentence_is_the_events_with_its_own_span() -> None:
    text = (
        "PANJGUR: Shells fired from across the line fell near a village in Panjgur district on Wednesday "
        "evening. Fortunately, no loss of life was reported."
    )
    event = read_article(text, dt.date(2015, 7, 1)).events[0]
    assert event.killed == 0
    span = event.spans["killed"]
    assert text[span.start : span.end] == span.text == "no loss of life"


def test_the_parse_gives_a_date_to_the_event_it_qualifies() -> None:
    """'In late February' tells when the governor spoke; 'a February 13 attack' when the attack was."""
    text = (
        "In late February, the governor urged tighter controls, following a February 13 attack that killed "
        "27 guards near Saravan."
    )
    events = read_article(text, dt.date(2019, 2, 28)).events
    assert [(e.type, e.date, e.killed) for e in events] == [("attack", dt.date(2019, 2, 13), 27)]


def test_an_abbreviated_month_does_not_end_the_sentence() -> None:
    text = "The authorities sealed the Taftan crossing on Feb. 24 as cases of the virus rose."
    events = read_article(text, dt.date(2020, 2, 26)).events
    assert [(e.type, e.date) for e in events] == [("border_closure", dt.date(2020, 2, 24))]


def test_a_number_word_after_a_month_is_a_count_not_a_day() -> None:
    text = "Earlier in April eight guards died in an ambush close to Mirjaveh."
    events = read_article(text, dt.date(2015, 4, 20)).events
    assert [(e.type, e.killed) for e in events] == [("ambush", 8)]


def test_a_crossing_named_after_a_town_does_not_move_the_town() -> None:
    text = (
        "Militants opened fire on guards for an hour on Tuesday at the Mirjaveh border crossing. In April "
        "last year, 10 guards were killed by militants in Mirjaveh."
    )
    events = read_article(text, dt.date(2018, 4, 18)).events
    recalled = [e for e in events if e.killed == 10]
    assert [(e.place, e.country) for e in recalled] == [("Mirjaveh", "IR")]


def test_where_a_victim_came_from_is_not_where_it_happened() -> None:
    text = (
        "Near the Iranian border, a soldier, resident of district Khushab, was martyred when gunmen attacked "
        "a check post on Tuesday, officials said."
    )
    events = read_article(text, dt.date(2021, 11, 17)).events
    assert events and all(e.place != "Khushab" for e in events)  # a namesake village in Iran, besides


def test_two_kinds_of_violence_each_with_its_toll_in_one_sentence_are_two_events() -> None:
    text = (
        "A policeman was killed in an ambush on a checkpoint in Mirjaveh, and two soldiers died when a "
        "roadside improvised explosive device struck their truck, officials said."
    )
    events = read_article(text, dt.date(2018, 4, 18)).events
    assert sorted((e.type, e.killed) for e in events) == [("ambush", 1), ("ied", 2)]


def test_a_sentence_run_into_the_next_without_a_space_still_ends() -> None:
    text = (
        "Gunmen ambushed a patrol near Saravan, local media said.The ambush left two wounded. Gen.Ali spoke."
    )
    assert [x.text for x in sentences(text)] == [
        "Gunmen ambushed a patrol near Saravan, local media said.",
        "The ambush left two wounded.",
        "Gen.Ali spoke.",  # an abbreviation still does not end one
    ]


def test_rockets_a_state_force_fires_across_the_line_are_a_strike_and_a_separate_attack_stays_apart() -> None:
    text = (
        "QUETTA: Iranian border guards fired scores of rockets into Kech district on Sunday night, "
        "officials said. The rockets fell on a village near Zamuran, injuring seven civilians. "
        "Separately, armed men attacked a checkpoint inside Iranian territory and killed three officials "
        "on Sunday evening."
    )
    events = read_article(text, dt.date(2014, 12, 29)).events
    assert sorted((e.type, e.injured, e.killed, e.perpetrator) for e in events) == [
        ("attack", None, 3, None),
        ("cross_border_strike", 7, None, "Iranian Border Guard"),
    ]


def test_a_military_media_wing_speaks_for_the_forces_but_never_acts() -> None:
    text = (
        "RAWALPINDI: The Inter-Services Public Relations (ISPR) Thursday said Pakistan carried out strikes "
        "against hideouts in Saravan inside Iran used by militants."
    )
    events = read_article(text, dt.date(2024, 1, 18)).events
    assert [(e.type, e.perpetrator) for e in events] == [("cross_border_strike", "Pakistan")]


def test_talks_the_report_places_nowhere_else_were_held_where_it_is_datelined() -> None:
    text = (
        "ZAHEDAN (Staff Report) - The yearly meeting of the Iran-Pakistan joint border commission began in "
        "the province on Tuesday, with terrorism on its agenda."
    )
    events = read_article(text, dt.date(2015, 4, 28)).events
    assert [(e.type, e.place, e.country) for e in events] == [("meeting", "ZAHEDAN", "IR")]
    call = (
        "TEHRAN: The army chiefs of Pakistan and Iran held a telephone conversation on Monday on the border."
    )
    assert [(e.type, e.place) for e in read_article(call, dt.date(2020, 5, 12)).events] == [("meeting", None)]


def test_an_event_the_news_comes_after_is_an_earlier_event_with_its_own_toll_and_place() -> None:
    text = (
        "Iranian guards fired four mortar shells at the Pakistani town of Mashkel on Friday, officials "
        "said. No one was hurt. The shelling comes a week after Iranian guards attacked a Levies post in "
        "the Mand area, killing a sepoy and injuring another two."
    )
    events = read_article(text, dt.date(2016, 3, 4)).events
    summary = [(e.type, e.place, e.date, e.killed, e.injured, e.background) for e in events]
    assert summary == [
        ("cross_border_strike", "Mashkel", dt.date(2016, 3, 4), 0, 0, False),
        ("cross_border_strike", "Mand", dt.date(2016, 2, 26), 1, 2, True),
    ]


def test_a_border_town_spelt_another_way_is_still_found_but_a_name_or_a_common_word_is_not() -> None:
    events = read_article(
        "Gunmen attacked a Levies post in Naukundi, Chagai, on Monday, killing two sepoys.",
        dt.date(2019, 6, 5),
    ).events
    assert [(e.place, e.admin1) for e in events] == [("Naukundi", "Balochistan")]
    reader = default_reader()
    hits = reader.lexicon.find("Colonel Nasir Naukundi Khan met the press. Ramadan began in Quetta.")
    assert not [h for h in hits if h.fuzzy and h.place is not None]


def test_totals_over_months_and_plans_after_the_report_are_not_events() -> None:
    text = (
        "Border police seized 300 kilograms of opium near Saravan on Sunday. In the past five months "
        "some 20 tons of drugs have been seized along the border, the commander said on Wednesday. "
        "Pakistan's army said on Thursday that it had fenced 40 percent of the border with Iran and would "
        "complete the fencing by December 2025."
    )
    events = read_article(text, dt.date(2023, 9, 10)).events
    summary = [(e.type, e.date, e.country, e.admin1) for e in events]
    assert summary == [
        ("smuggling_seizure", dt.date(2023, 9, 10), "IR", "Sistan and Baluchestan"),
        ("fencing", dt.date(2023, 9, 7), "PK", "Balochistan"),  # on its own side, though placed nowhere
    ]


def test_an_agreement_made_to_combat_smuggling_is_an_agreement() -> None:
    text = (
        "Border officials of Pakistan and Iran met in Taftan on Monday. Both sides agreed to set up a "
        "joint patrol to combat smuggling."
    )
    events = read_article(text, dt.date(2022, 5, 4)).events
    assert [e.type for e in events] == ["meeting", "agreement"]


def test_one_officer_named_by_title_and_bullet_riddled_bodies_are_counted() -> None:
    events = read_article(
        "The deputy head of the police station in Khash was shot dead by gunmen on Friday.",
        dt.date(2021, 8, 2),
    ).events
    assert [(e.type, e.killed) for e in events] == [("attack", 1)]
    events = read_article(
        "Levies found six bullet-riddled bodies in the Gorak area of Buleda, Kech district, on Tuesday.",
        dt.date(2021, 8, 4),
    ).events
    assert [(e.type, e.killed, e.place) for e in events] == [("attack", 6, "Buleda")]


def test_a_state_force_that_killed_is_the_acting_party() -> None:
    events = read_article(
        "Two Pakistani fishermen were killed by Iranian naval forces near Jiwani on Saturday.",
        dt.date(2020, 1, 6),
    ).events
    assert [(e.perpetrator, e.killed) for e in events] == [("Iran", 2)]


def test_a_retaliation_lands_across_the_line_and_a_strike_at_home_is_an_operation() -> None:
    text = (
        "Iranian guards fired six mortar shells at the Pakistani town of Mashkel on Friday. "
        "The FC retaliated and fired mortar shells in response, officials said."
    )
    events = read_article(text, dt.date(2016, 3, 4)).events
    assert [(e.type, e.perpetrator, e.country, e.place, e.date) for e in events] == [
        ("cross_border_strike", "Iranian Border Guard", "PK", "Mashkel", dt.date(2016, 3, 4)),
        ("cross_border_strike", "Frontier Corps", "IR", None, dt.date(2016, 3, 4)),
    ]
    events = read_article(
        "Air strikes by the Pakistan Air Force hit militant hideouts in Panjgur on Friday, "
        "killing six militants.",
        dt.date(2016, 3, 4),
    ).events
    assert [(e.type, e.country, e.place) for e in events] == [("other", "PK", "Panjgur")]


def test_militants_killed_in_a_clash_with_the_forces_are_the_victims_of_an_operation() -> None:
    events = read_article(
        "Two militants were killed in a clash with security forces near Saravan on Sunday.",
        dt.date(2024, 1, 15),
    ).events
    assert [(e.type, e.killed, e.country) for e in events] == [("other", 2, "IR")]


def test_a_lead_clause_the_news_follows_is_an_earlier_event_and_keeps_its_own_place() -> None:
    text = (
        "Following Iran's missile strike in Panjgur, Pakistan on Thursday launched air raids on militant "
        "hideouts inside Iranian territory near Saravan. Officials said four children were among seven "
        "killed."
    )
    events = read_article(text, dt.date(2024, 1, 18)).events
    summary = [(e.type, e.perpetrator, e.country, e.killed, e.background) for e in events]
    assert summary[0] == ("cross_border_strike", "Pakistan", "IR", 7, False)
    assert ("cross_border_strike", "Iran", "PK", None, True) in summary


def test_a_sentence_saying_when_the_incident_happened_dates_it_and_that_attack_points_back() -> None:
    text = (
        "Iranian guards opened fire on a vehicle, killing three Pakistanis, officials said on Friday. "
        "The incident happened near Mashkel on Wednesday. "
        "Earlier this month, a bomb in Zahedan wounded two policemen. "
        "Jaish al-Adl claimed responsibility for that attack."
    )
    events = read_article(text, dt.date(2024, 5, 31)).events
    summary = [(e.date, e.killed, e.injured, e.perpetrator) for e in events]
    assert summary[0] == (dt.date(2024, 5, 29), 3, None, "Iranian Border Guard")
    assert summary[1][2:] == (2, "Jaish al-Adl")


def test_news_of_a_neighbouring_border_told_beside_ours_is_not_ours() -> None:
    text = (
        "Pakistan has fenced 40 percent of the Pak-Iran border, the interior minister said on Friday. "
        "Similarly, the fencing at the Pakistan-Afghanistan border is 90 percent complete, he said."
    )
    events = read_article(text, dt.date(2021, 2, 19)).events
    assert [(e.type, e.country, e.admin1) for e in events] == [("fencing", "PK", "Balochistan")]
    assert all(e.perpetrator != "Afghanistan" for e in events)


def test_an_attack_told_before_a_foreign_air_raid_stays_an_attack_with_its_own_toll() -> None:
    text = (
        "Three policemen have been killed in attacks on police stations in Chabahar, officials said, "
        "two days after seven Revolutionary Guards were killed in an air raid in Syria."
    )
    events = read_article(text, dt.date(2024, 4, 3)).events
    assert (events[0].type, events[0].country, events[0].killed) == ("attack", "IR", 3)
    text = "Fars reported at least twenty killed, including senior officers, in a suicide bombing in Pishin."
    assert [e.killed for e in read_article(text, dt.date(2009, 10, 18)).events] == [20]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a total told after the event is no total of it
        (
            "Customs officials seized 400 kg of hashish near Taftan on Monday, the largest haul in the past "
            "six months.",
            [("smuggling_seizure", "Pakistan Customs")],
        ),
        # "On Wednesday, Pakistan ..." is not Pakistan named as a partner
        (
            "Iran launched missile strikes on hideouts in Panjgur on Tuesday. On Wednesday, Pakistan "
            "launched air strikes on hideouts in Saravan.",
            [("cross_border_strike", "Iran"), ("cross_border_strike", "Pakistan")],
        ),
        # the clause after "a day after the attack," is the news again
        (
            "On Tuesday, a day after the attack, militants killed two Levies personnel in Turbat.",
            [("attack", None)],
        ),
        # "after that attack" points back only within one kind of event
        (
            "Militants killed five Iranian border guards in Saravan on Monday. Iran closed the Taftan "
            "crossing after that attack.",
            [("attack", None), ("border_closure", "Iran")],
        ),
        # a framing clause with no other event beside it is the event itself
        (
            "Following an attack on a Levies post in Mand on Monday, two personnel died in hospital.",
            [("attack", None)],
        ),
        # "In response to the attack, Iran closed ...": Iran acts in this clause
        (
            "In response to the attack in Saravan, Iran closed the Taftan crossing on Tuesday.",
            [("border_closure", "Iran")],
        ),
    ],
)
def test_what_the_review_of_the_clause_rules_found(text: str, expected: list[tuple[str, str | None]]) -> None:
    events = read_article(text, dt.date(2024, 1, 17)).events
    assert [(e.type, e.perpetrator) for e in events if not e.background] == expected


def test_a_titled_speaker_saying_nobody_was_killed_is_no_death() -> None:
    from sarhad.read.counts import find_counts

    counts = find_counts("The head of the delegation said nobody was killed.")
    assert [(c.field, c.value) for c in counts] == [("killed", 0)]  # a stated zero, not the head


def test_the_time_a_strike_answered_counts_back_from_the_strikes_own_date() -> None:
    # "On <date>, X struck ..., two days after Y struck ...": counted from X's date, not the report's
    text = (
        "On March 3, Pakistan launched air strikes on militant hideouts in Iran, two days after Iran had "
        "launched strikes on its territory near Panjgur."
    )
    events = read_article(text, dt.date(2024, 3, 12)).events
    summary = sorted((e.perpetrator, e.date) for e in events)
    assert summary == [("Iran", dt.date(2024, 3, 1)), ("Pakistan", dt.date(2024, 3, 3))]


def test_a_sentence_that_opens_with_a_day_after_dates_its_lead_clause_from_the_news() -> None:
    text = (
        "A day after gunmen killed three guards in Saravan, Iran retaliated with strikes at several "
        "locations inside Pakistan on Thursday."
    )
    events = read_article(text, dt.date(2024, 3, 8)).events
    by_type = {e.type: e for e in events}
    assert by_type["attack"].date == dt.date(2024, 3, 6) and by_type["attack"].killed == 3
    assert by_type["attack"].background
    assert by_type["cross_border_strike"].date == dt.date(2024, 3, 7)
    assert by_type["cross_border_strike"].perpetrator == "Iran"


def test_an_earlier_toll_told_a_few_days_before_is_the_event_told_in_full_later() -> None:
    text = (
        "A few days after four soldiers were killed in a blast near the Pakistan-Iran border, the army "
        "chief phoned his Iranian counterpart on Monday. On Friday, four soldiers were killed when an "
        "improvised explosive device hit their vehicle near Mand."
    )
    events = read_article(text, dt.date(2024, 3, 12)).events
    assert sorted(e.type for e in events) == ["ied", "meeting"]  # the blast is not a third event


def test_the_demonym_on_a_strike_names_the_striker_and_its_strike_stays_apart() -> None:
    text = (
        "Pakistan struck hideouts in Sistan and Baluchestan on Thursday, two days after Iran's attack on "
        "Pakistani soil. The Iranian strikes killed two children in Panjgur, officials said."
    )
    events = read_article(text, dt.date(2024, 3, 8)).events
    strikes = {e.perpetrator: e for e in events if e.type == "cross_border_strike"}
    assert set(strikes) == {"Pakistan", "Iran"}
    assert strikes["Iran"].killed == 2 and strikes["Pakistan"].killed is None


def test_where_people_were_headed_is_not_where_they_were_stopped() -> None:
    text = (
        "The FIA arrested 40 people in Jiwani on Monday who were trying to cross illegally by sea into "
        "Iran, officials said."
    )
    events = read_article(text, dt.date(2025, 3, 4)).events
    # the type follows stop 32: arrests of people crossing without papers are border control (other)
    assert [(e.type, e.place) for e in events] == [("other", "Jiwani")]


def test_an_agreement_reached_at_a_meeting_has_its_time_but_agreeing_on_steps_is_the_meetings() -> None:
    text = (
        "The officials met in Taftan on Monday and agreed on steps to curb smuggling across the border. "
        "Back in March, Iran and Pakistan held talks on border security in Gwadar and reached an agreement "
        "to open a joint border market."
    )
    events = read_article(text, dt.date(2024, 4, 20)).events
    when = sorted((e.date, e.type) for e in events)
    assert when == [
        (dt.date(2024, 3, 1), "agreement"),  # concluded at the March talks: the talks and the agreement
        (dt.date(2024, 3, 1), "meeting"),
        (dt.date(2024, 4, 15), "meeting"),  # "met and agreed on steps": the meeting, no agreement of its own
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Bomb attack 'kills 11' guards near Zahedan", [("killed", 11)]),
        ("Blast kills 4, injures 9 in Turbat", [("killed", 4), ("injured", 9)]),
        (
            "At least five commanders of the Guards and more than 20 tribal elders and others were killed.",
            [("killed", 25)],
        ),
    ],
)
def test_headline_tolls_and_groups_joined_by_and(sentence: str, expected: list[tuple[str, int]]) -> None:
    from sarhad.read.counts import find_counts

    assert sorted((c.field, c.value) for c in find_counts(sentence)) == sorted(expected)


def test_a_string_of_attacks_is_a_history_not_an_event() -> None:
    text = (
        "Jundallah attacked a bus of guards in Zahedan on Wednesday, killing eleven. The city has been "
        "hit by a string of attacks and kidnappings blamed on the group."
    )
    events = read_article(text, dt.date(2007, 2, 16)).events
    assert [e.type for e in events] == ["attack"]


def test_a_crossing_named_alone_is_a_border_and_a_hyphenated_spelling_is_the_town() -> None:
    text = (
        "Iranian authorities lifted the travel ban and allowed Pakistanis to enter via Taftan on Sunday. "
        "The border committee met in the Iranian town of Mir-Javeh on Saturday."
    )
    events = read_article(text, dt.date(2021, 10, 4)).events
    assert [(e.type, e.place, e.country) for e in events] == [
        ("border_opening", "Taftan", "PK"),
        ("meeting", "Mir-Javeh", "IR"),
    ]


def test_a_threat_that_hostages_will_be_killed_is_no_killing() -> None:
    text = (
        "Jundallah said it had abducted 16 Iranian border guards near Saravan on Friday. 'Free our "
        "comrades, otherwise they will be killed,' the spokesman said."
    )
    events = read_article(text, dt.date(2008, 6, 14)).events
    assert [e.type for e in events] == ["abduction"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("At least 60 guards were killed or wounded in the attack.", []),  # casualties, not deaths
        ("State television reported that 29 were killed and 28 wounded.", [("injured", 28), ("killed", 29)]),
        ("He said the seven dead included two children.", [("killed", 7)]),
        ("At least 23 people die and seven are wounded in a gun attack.", [("injured", 7), ("killed", 23)]),
        ("At least 23 people including several pilgrims were killed in the attack.", [("killed", 23)]),
        (
            "Iranian forces killed eight traders and injured another on Thursday.",
            [("injured", 1), ("killed", 8)],
        ),
    ],
)
def test_casualties_a_bare_figure_and_the_dead(sentence: str, expected: list[tuple[str, int]]) -> None:
    from sarhad.read.counts import find_counts

    assert sorted((c.field, c.value) for c in find_counts(sentence)) == expected


def test_a_fence_told_at_the_other_countrys_border_is_on_the_builders_side() -> None:
    text = "Iran building fence at Pakistan border. Iran is constructing a fence on its border with Pakistan."
    (event,) = read_article(text, dt.date(2011, 4, 14)).events
    assert (event.type, event.country, event.place, event.perpetrator) == ("fencing", "IR", None, "Iran")


def test_a_line_broken_inside_a_sentence_is_one_sentence_and_its_clause_keeps_its_toll() -> None:
    text = (
        "Iranian border guards on Saturday fired three mortar shells at Mashkel, officials said. No one was "
        "hurt. Today's shelling came hours after\na junior officer of the FC was killed in an attack by "
        "Iranian border guards in the Mand area."
    )
    events = read_article(text, dt.date(2014, 10, 19)).events
    by_place = {e.place: e for e in events}
    assert by_place["Mashkel"].killed == 0 and by_place["Mand"].killed == 1
    assert by_place["Mand"].background and by_place["Mand"].date == dt.date(2014, 10, 19)


def test_a_group_spelt_another_way_in_one_word_is_still_the_group() -> None:
    text = (
        "Militants of Jondallah said they kidnapped four Revolutionary Guards near Saravan on Thursday "
        "night, near the border with Pakistan."
    )
    (event,) = read_article(text, dt.date(2007, 3, 10)).events
    assert (event.type, event.perpetrator) == ("abduction", "Jundallah")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the number that opens the sentence is the interval's
        (
            "Three days after gunmen killed three guards in Saravan, Iran retaliated with strikes at several "
            "locations inside Pakistan on Thursday.",
            [("attack", dt.date(2024, 3, 4)), ("cross_border_strike", dt.date(2024, 3, 7))],
        ),
        # a framing phrase with no other event beside it is the event itself
        (
            "A day after the blast, two personnel died of their injuries in Mand.",
            [("attack", dt.date(2024, 3, 12))],
        ),
        # a bazaar sealed in a town that shares a crossing's name is no border closure
        ("Police sealed the main bazaar in Pishin on Monday.", []),
    ],
)
def test_what_the_review_of_stop_25_found(text: str, expected: list[tuple[str, dt.date]]) -> None:
    events = read_article(text, dt.date(2024, 3, 12)).events
    assert sorted((e.type, e.date) for e in events) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Police arrested five smugglers in Taftan and three guards were killed.", [("killed", 3)]),
        ("A guard succumbed to his wounds 2 days later, officials said.", []),
        ("Over 100 people die each year in such attacks in the province.", []),
        ("Five hostages will die if the demands are not met.", []),
        ("Militants killed or wounded 60 guards.", []),
        ("29 were killed in the attack.", [("killed", 29)]),
    ],
)
def test_counts_the_review_of_stop_25_found(sentence: str, expected: list[tuple[str, int]]) -> None:
    from sarhad.read.counts import find_counts

    assert sorted((c.field, c.value) for c in find_counts(sentence)) == expected


def test_a_long_run_of_number_words_before_a_clause_does_not_backtrack() -> None:
    from sarhad.read.linking import _QUALIFIER_ONLY

    # atomic groups: without them this fullmatch tries 2**40 ways to split "sixty six" and never returns
    assert _QUALIFIER_ONLY.fullmatch("sixty six " * 40 + "Q") is None
    assert _QUALIFIER_ONLY.fullmatch("Nearly two ") is not None
