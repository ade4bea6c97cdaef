"""Stop 35: the border's civil traffic (travellers and trucks stranded at a crossing, a state's electricity
to the other side, the train service between the two) and words that told of events that did not happen.
Each test but the guards fails on stop 34's reader (7ff00e9)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.counts import find_counts
from sarhad.read.reader import read_article

DAY = dt.date(2019, 8, 20)


def _news(text: str) -> list[tuple[str, dt.date | None, str | None]]:
    article = read_article(text, DAY)
    return [(e.type, e.date, e.place) for e in article.events if not e.background]


def test_pilgrims_stranded_at_the_crossing_are_its_news_reported_as_other() -> None:
    text = (
        "Some 2,500 pilgrims returning from Iraq have been stranded at the Taftan border for four days on "
        "Monday for want of a security escort to Quetta. Families said food and water had run out."
    )
    article = read_article(text, DAY)
    assert article.on_topic
    assert [(e.type, e.perpetrator) for e in article.events] == [("other", None)]
    assert (article.events[0].place or "").startswith("Taftan")


def test_trucks_stranded_by_a_closure_are_the_closure_alone() -> None:  # guard
    text = (
        "Pakistan closed the Taftan border on Sunday over security fears. Hundreds of trucks loaded with "
        "fruit were stranded at the border on Monday."
    )
    assert [kind for kind, _, _ in _news(text)] == ["border_closure"]


def test_travellers_stranded_away_from_any_border_are_no_event() -> None:  # guard
    text = "Pilgrims travelling to Iran were stranded in Quetta on Monday after a strike by transporters."
    assert read_article(text, DAY).events == []


def test_electricity_from_the_other_side_cut_is_news_of_the_border_districts() -> None:
    text = (
        "Large parts of Kech and Panjgur were without power on Sunday after Iran cut the electricity it "
        "supplies to the Makran division, officials of the power company said."
    )
    article = read_article(text, DAY)
    assert article.on_topic
    assert [(e.type, e.date) for e in article.events] == [("other", dt.date(2019, 8, 18))]


def test_an_outage_of_ones_own_grid_is_no_event() -> None:  # guard
    text = "Quetta and Turbat faced long power outages on Sunday owing to a fault in the national grid."
    assert read_article(text, DAY).events == []


def test_the_freight_train_between_the_two_states_restored() -> None:
    text = (
        "The Pakistan-Iran freight train service was restored on Monday after repairs to the track near "
        "Nokkundi, railway officials said."
    )
    article = read_article(text, DAY)
    assert article.on_topic
    news = [(e.type, e.date) for e in article.events if not e.background]
    assert news == [("other", DAY - dt.timedelta(1))]


def test_a_domestic_train_derailed_is_not_border_news() -> None:  # guard
    text = "Six bogies of the Jaffar Express derailed near Sibi in Balochistan on Monday, officials said."
    assert read_article(text, DAY).events == []


def test_a_train_service_relaunched_across_the_line_is_not_a_crossing_opened() -> None:
    text = (
        "The railways minister on Monday relaunched the weekly freight train from Quetta to Zahedan, Iran "
        "via Taftan, after a gap of four years."
    )
    assert [kind for kind, _, _ in _news(text)] == ["other"]


def test_power_supply_inaugurated_by_the_two_leaders_is_their_project() -> None:
    text = (
        "The prime minister and the Iranian president on Thursday jointly inaugurated the 100 MW power "
        "supply from Iran to Gwadar at a ceremony at the Mand border crossing."
    )
    assert [kind for kind, _, _ in _news(text)] == ["other"]


def test_no_one_hurt_in_an_accident_is_no_attack() -> None:
    text = (
        "A passenger bus overturned near Taftan on the road from the Iranian border on Monday. No one was "
        "injured in the accident, Levies officials said."
    )
    assert all(kind != "attack" for kind, _, _ in _news(text))


def test_a_plan_met_with_protests_is_no_meeting() -> None:
    text = (
        "Last month the guards dug trenches across the road to the Pakistan border near Saravan, which were "
        "met with widespread protests by fuel carriers."
    )
    assert all(kind != "meeting" for kind, _, _ in _news(text))


def test_a_law_signed_is_no_agreement() -> None:
    text = (
        "The president signed the defence bill on Saturday. On Sunday, Pakistan detained three Iranian "
        "border guards who crossed into Washuk district while chasing smugglers."
    )
    assert all(kind != "agreement" for kind, _, _ in _news(text))


def test_stranded_since_a_day_is_dated_by_that_day() -> None:
    text = "Over 3,000 pilgrims have been stuck since August 2 at the Taftan border crossing."
    assert [date for _, date, _ in _news(text)] == [dt.date(2019, 8, 2)]


def test_a_pipeline_of_the_two_states_begun_far_from_the_line_is_border_news() -> None:
    text = (
        "The presidents of Pakistan and Iran on Monday performed the ground-breaking of the Pakistani "
        "section of the gas pipeline at a ceremony in Tehran, state television showed."
    )
    article = read_article(text, DAY)
    assert article.on_topic
    assert [e.type for e in article.events] == ["other"]


def test_a_pipeline_of_other_states_is_not_this_border_s_news() -> None:  # guard
    text = (
        "The presidents of Pakistan and Turkmenistan on Monday performed the ground-breaking of the gas "
        "pipeline at a ceremony in Herat, state television showed."
    )
    assert not read_article(text, DAY).on_topic


def test_work_approved_on_a_phase_of_the_pipeline_named_in_brackets() -> None:
    text = (
        "Pakistan on Friday approved work on the 80-kilometre (49-mile) first phase of the Iran-Pakistan gas "
        "pipeline from the Iranian border to Gwadar."
    )
    assert [kind for kind, _, _ in _news(text)] == ["other"]


def test_fuel_carriers_who_lost_their_lives_are_counted_dead() -> None:
    text = "Three fuel carriers lost their lives near Saravan on Monday, a Baloch rights group said."
    events = read_article(text, DAY).events
    assert [(e.type, e.killed) for e in events] == [("attack", 3)]


def test_a_post_overrun_and_a_guard_beheaded_are_attacks() -> None:
    overrun = "Militants overran a border post near Saravan on Monday, the Revolutionary Guards said."
    beheaded = "Militants beheaded a Levies soldier near the Iranian border in Washuk on Monday."
    assert [(kind, place) for kind, _, place in _news(overrun)] == [("attack", "Saravan")]
    assert [(kind, place) for kind, _, place in _news(beheaded)] == [("attack", "Washuk")]


def test_a_toll_over_years_is_a_record_not_an_attack_s_toll() -> None:
    record = (
        "In the last 12 years Pakistan had suffered a lot from terrorism, where 70,000 of our people lost "
        "their lives in terrorist activities."
    )
    assert find_counts(record) == []
    toll = find_counts("Two guards lost their lives on Monday.")
    assert [(c.field, c.value) for c in toll] == [("killed", 2)]


def test_a_headquarters_the_attackers_meant_to_seize_is_no_seizure() -> None:
    text = (
        "Militants attacked the Guards headquarters in Chabahar on Thursday night. The terrorists failed "
        "in their goal of seizing the headquarters, the deputy interior minister said."
    )
    assert [kind for kind, _, _ in _news(text)] == ["attack"]


def test_a_strike_threatened_and_an_operation_ordered_are_not_yet_events() -> None:
    threat = (
        "Iran has warned that if Pakistan does not confront the militants on its soil, Tehran will hit "
        "at bases inside Pakistan."
    )
    order = (
        "The prime minister directed the head of the Frontier Corps to personally lead the operation "
        "against terrorists near Taftan."
    )
    assert read_article(threat, DAY).events == [] and read_article(order, DAY).events == []


def test_pilgrims_returning_from_a_visit_to_holy_sites_held_no_meeting() -> None:
    text = (
        "Gunmen attacked a bus carrying pilgrims returning from a visit to holy sites in Iran at Taftan on "
        "Sunday night, killing 23."
    )
    assert [kind for kind, _, _ in _news(text)] == ["attack"]


def test_the_two_army_chiefs_named_in_full_stand_for_their_states() -> None:
    text = (
        "Chief of the Army Staff Gen Syed Asim Munir met the chief of general staff, Mohammad Bagheri, in "
        "Tehran on Saturday and discussed defence and security cooperation, the military's media wing said."
    )
    article = read_article(text, DAY)
    assert article.on_topic and [e.type for e in article.events] == ["meeting"]


def test_pilgrims_stuck_in_the_crossing_s_town_are_stranded_there() -> None:
    text = "Pilgrims headed to Iran from Quetta were stuck in Taftan without food and water on Monday."
    article = read_article(text, DAY)
    assert article.on_topic and [(e.type, e.place) for e in article.events] == [("other", "Taftan")]


def test_the_pilgrims_road_route_to_the_other_state_suspended() -> None:
    text = (
        "Pakistan has suspended buses carrying pilgrims from travelling through Balochistan to neighbouring "
        "Iran after a suicide attack, officials said on Friday."
    )
    assert "other" in [kind for kind, _, _ in _news(text)]


def test_what_fencing_does_said_of_it_is_no_fencing_done() -> None:
    text = (
        "The prime minister said on Tuesday that fencing common borders with Iran prevents smuggling and "
        "helps develop legal trade in Balochistan."
    )
    assert all(kind != "fencing" for kind, _, _ in _news(text))


def test_a_standing_agreement_is_no_agreement_reached() -> None:
    text = (
        "Pakistan and Iran have an agreement under which Iran supplies 100 MW of electricity to Makran, but "
        "Iran suspended the supply on Thursday."
    )
    assert all(kind != "agreement" for kind, _, _ in _news(text))


def test_the_event_a_report_answers_to_does_not_place_its_own() -> None:
    text = (
        "The trade gate between Pakistan and Iran was closed on Thursday for an indefinite period. Reacting "
        "to the Mastung incident, transporters have also suspended the Quetta-Taftan transport service."
    )
    article = read_article(text, DAY)
    assert article.on_topic and all(e.place != "Mastung" for e in article.events)


def test_captives_taken_by_a_faction_and_a_convoy_entering_the_other_state() -> None:
    taken = (
        "Fourteen Iranian security personnel went missing near the Pakistan border on Tuesday. Iranian "
        "authorities say the personnel were taken by the Jaish al-Adl faction."
    )
    convoy = "The first convoy of Pakistani pilgrims has entered Iran via the Mirjaveh border on Monday."
    assert "abduction" in [kind for kind, _, _ in _news(taken)]
    assert [(kind, place) for kind, _, place in _news(convoy)] == [("other", "Mirjaveh")]
