"""Rules added after error analysis on held-out real reports (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sarhad.read.model import Event
from sarhad.read.reader import read_article
from sarhad.read.triggers import find_triggers

SAT = dt.date(2023, 6, 10)  # a Saturday


def _events(text: str, published: dt.date | None = SAT) -> list[Event]:
    return read_article(text, published).events


# ---- place ----------------------------------------------------------------------------------------------


def test_a_recalled_attack_without_a_place_takes_the_province_of_the_main_event() -> None:
    events = _events(
        "Gunmen killed three Iranian border guards near Saravan on Friday, state media said. "
        "In February 2022, armed men attacked a police post, killing two officers."
    )
    old = next(e for e in events if e.background)
    assert (old.killed, old.place, old.admin1, old.country) == (2, None, "Sistan and Baluchestan", "IR")


def test_a_recalled_attack_in_the_other_country_does_not_take_the_main_province() -> None:
    events = _events(
        "Gunmen killed three Iranian border guards near Saravan on Friday, state media said. "
        "In February 2022, militants killed two Pakistani soldiers in an attack on a patrol."
    )
    old = next(e for e in events if e.background)
    assert (old.country, old.admin1) == ("PK", None)


def test_this_area_refers_to_the_main_event_region() -> None:
    events = _events(
        "Two Pakistani soldiers were killed near Mand on Friday when militants fired on their post. "
        "In March 2021, a similar attack in this area killed one soldier."
    )
    old = next(e for e in events if e.background)
    assert (old.admin1, old.country) == ("Balochistan", "PK")


def test_captives_returning_home_are_placed_in_their_own_country() -> None:
    events = _events(
        "Jaish al-Adl freed three Iranian border guards in Pakistan on Tuesday. "
        "The three Iranian guards returned home on Friday, officials said."
    )
    home = next(e for e in events if e.spans["type"].text == "returned home")
    assert (home.type, home.place, home.country) == ("other", None, "IR")


def test_a_release_does_not_take_the_place_where_the_captives_were_seized() -> None:
    events = _events(
        "Four Iranian guards abducted by Jaish al-Adl last month were released on Thursday through the "
        "efforts of the Pakistani government. The men had been serving at a remote post in Mirjaveh county, "
        "near the border with Pakistan."
    )
    release = next(e for e in events if e.type == "hostage_release")
    assert (release.place, release.perpetrator) == (None, "Jaish al-Adl")


def test_a_place_followed_by_said_and_a_speaker_is_still_the_place() -> None:
    events = _events(
        "Two Frontier Corps soldiers were killed in an attack on their checkpoint in Turbat, said the "
        "military on Friday."
    )
    assert [(e.place, e.admin1) for e in events] == [("Turbat", "Balochistan")]


def test_a_bombing_in_dera_ismail_khan_is_out_of_the_region() -> None:
    events = _events(
        "A roadside bomb killed two soldiers in Dera Ismail Khan on Friday. Separately, militants "
        "attacked a Frontier Corps post near Mand on the Pakistan-Iran border, killing one soldier."
    )
    assert [(e.place, e.killed) for e in events] == [("Mand", 1)]


def test_a_recalled_bombing_far_from_the_border_is_not_border_background() -> None:
    events = _events(
        "Militants attacked a Frontier Corps post near Mand on the Pakistan-Iran border on Friday, killing "
        "one soldier. In January 2022, a bomb killed five people in Quetta."
    )
    assert [(e.place, e.background) for e in events] == [("Mand", False)]


# ---- event precision ------------------------------------------------------------------------------------


def test_meeting_ones_own_troops_is_not_a_meeting() -> None:
    kinds = [t.type for t in find_triggers("The police chief met with members of the border unit on Sunday.")]
    assert "meeting" not in kinds
    kinds = [t.type for t in find_triggers("The two interior ministers met in Tehran on Sunday.")]
    assert "meeting" in kinds


def test_a_border_still_closed_is_a_state_not_a_closure() -> None:
    kinds = [t.type for t in find_triggers("Officials said the terminal is still closed to traders.")]
    assert "border_closure" not in kinds
    kinds = [t.type for t in find_triggers("Iran closed the crossing at Taftan on Monday.")]
    assert "border_closure" in kinds


# ---- perpetrator ----------------------------------------------------------------------------------------


def test_a_group_named_as_holder_just_before_the_abduction_is_its_perpetrator() -> None:
    events = _events(
        "Four guards are now held hostage by the so-called Jaish al-Adl group, officials said. "
        "Terrorists abducted the four Iranian guards at a post near Mirjaveh on Thursday."
    )
    abduction = next(e for e in events if e.type == "abduction")
    assert abduction.perpetrator == "Jaish al-Adl"


def test_a_holder_without_a_name_gives_no_perpetrator() -> None:
    events = _events(
        "Four guards are now held hostage in a remote valley, officials said. "
        "Terrorists abducted the four Iranian guards at a post near Mirjaveh on Thursday."
    )
    abduction = next(e for e in events if e.type == "abduction")
    assert abduction.perpetrator is None


def test_a_group_merely_named_just_before_an_attack_is_not_its_perpetrator() -> None:
    events = _events(
        "Jaish al-Adl was founded in 2012. "
        "Unknown gunmen killed two Iranian border guards near Saravan on Friday."
    )
    attack = next(e for e in events if e.type == "attack")
    assert attack.perpetrator is None


# ---- found on the third held-out set (set C), after its first scoring -----------------------------------


def test_a_state_attacking_militant_bases_is_a_cross_border_strike() -> None:
    events = _events(
        "Pakistan's attacks on Wednesday hit the hideouts of a separatist group inside Iran's Sistan and "
        "Baluchestan province, officials said."
    )
    assert [(e.type, e.perpetrator) for e in events] == [("cross_border_strike", "Pakistan")]


def test_a_group_attack_near_bases_stays_an_attack() -> None:
    kinds = [t.type for t in find_triggers("Militants' attacks on Wednesday hit two army bases near Mand.")]
    assert "cross_border_strike" not in kinds


def test_a_state_that_closes_or_decides_to_close_a_border_closes_it() -> None:
    assert "border_closure" in [t.type for t in find_triggers("Iran closes its border crossing at Taftan.")]
    kinds = [t.type for t in find_triggers("Tehran decided to partially close the border with Pakistan.")]
    assert "border_closure" in kinds


# ---- third round: closures that an opening ended, bare injury figures --------------------------------------


def test_a_closure_an_opening_ended_is_not_a_closure() -> None:
    events = _events(
        "Officials on Friday reopened the Chedgi border crossing after a four-month closure, traders said."
    )
    assert [e.type for e in events] == ["border_opening"]
    events = _events(
        "The Mand crossing was reopened on Friday, nearly ten months after it was closed because of the "
        "pandemic, officials said."
    )
    assert [e.type for e in events] == ["border_opening"]


def test_a_closure_is_still_a_closure_without_an_opening() -> None:
    events = _events("Authorities closed the Taftan border on Friday after clashes nearby, officials said.")
    assert [e.type for e in events] == ["border_closure"]


def test_a_bare_figure_after_wounding_is_the_injured_count() -> None:
    (event,) = _events(
        "A car bomb hit a bus of police recruits near Khash on Friday, killing 9 and wounding 21, "
        "state media said."
    )
    assert (event.killed, event.injured) == (9, 21)


def test_an_operation_after_an_attack_is_dated_and_acted_by_the_force() -> None:
    events = _events(
        "Iranian armed forces killed five jihadists on Friday after a deadly attack on a police post "
        "near Saravan, state media said."
    )
    operation = next(e for e in events if e.type == "other")
    assert (operation.killed, operation.perpetrator, operation.date) == (
        5,
        "Iranian Army",
        SAT - dt.timedelta(1),
    )


def test_arms_seized_in_a_raid_are_a_seizure_beside_the_raid() -> None:
    # Blind annotators record the weapons a raid seized as a seizure (stop 27's ablation, docs/reading.md).
    events = _events(
        "Security forces killed three militants in a raid near Turbat on Friday and seized weapons and "
        "ammunition, officials said."
    )
    assert "smuggling_seizure" in [e.type for e in events]


def test_attacks_with_different_tolls_in_one_month_stay_apart() -> None:
    events = _events(
        "On June 2, gunmen killed nine police officers in Saravan, officials said. "
        "In early June, four guards were killed in a separate attack in the province."
    )
    assert sorted(e.killed for e in events if e.killed) == [4, 9]


def test_a_name_qualified_once_keeps_its_country() -> None:
    events = _events(
        "Gunmen killed seven policemen in Taftan county of Sistan-Baluchestan province on Friday. "
        "Several suspects in the Taftan attack were arrested on Saturday, officials said."
    )
    assert {e.country for e in events} == {"IR"}


def test_hard_wrapped_copy_is_read_across_line_breaks() -> None:
    lines = [
        "Officials said the Mand border crossing with Iran was",
        "reopened for trade on Friday after talks between district officers",
        "of both countries, traders in the area said on Saturday.",
        "Hundreds of trucks had been waiting on both sides of the crossing",
        "for weeks, the traders said, and fuel prices had risen in the",
        "markets of Turbat and Gwadar in the meantime, they added.",
    ]
    (event, *_) = _events("\n".join(lines))
    assert (event.type, event.date) == ("border_opening", SAT - dt.timedelta(1))


def test_leaders_inaugurating_together_act_for_both_states() -> None:
    (event, *_) = _events(
        "Prime Minister Shehbaz Sharif and Iranian President Ebrahim Raisi on Friday jointly inaugurated "
        "a border market at the Mand crossing."
    )
    assert (event.type, event.perpetrator) == ("border_opening", "Pakistan and Iran")  # the pair's one name


def test_measures_agreed_at_a_meeting_are_an_agreement_where_they_met() -> None:
    events = _events(
        "The army chief met the Iranian defence minister in Tehran on Friday. "
        "Both sides agreed to set up a hotline between commanders on the Pakistan-Iran border."
    )
    agreement = next(e for e in events if e.type == "agreement")
    assert (agreement.perpetrator, agreement.country) == ("Pakistan and Iran", "IR")
    assert [e.type for e in events].count("meeting") == 1


def test_goodwill_is_not_an_agreement_and_a_visit_to_a_crossing_is_not_a_meeting() -> None:
    events = _events(
        "The interior minister visited the Taftan border on Friday and said fencing was 60 percent "
        "complete. Both countries agreed to further strengthen ties."
    )
    assert [e.type for e in events] == ["fencing"]


def test_captives_handed_over_and_flown_home() -> None:
    events = _events(
        "Three Iranian border guards held by militants were handed over to Iranian officials in Pakistan on "
        "Thursday. The three rescued guards returned Friday to Tehran, state television said."
    )
    release = next(e for e in events if e.type == "hostage_release")
    home = next(e for e in events if e.type == "other")
    assert (release.country, release.released) == ("PK", 3)
    assert (home.country, home.date) == ("IR", SAT - dt.timedelta(1))


def test_a_release_a_state_helped_secure_is_placed_in_that_state() -> None:
    events = _events(
        "Pakistan and Iran agreed on Friday to open two new crossings on the border. In March, Pakistani "
        "forces helped release four kidnapped Iranian servicemen, officials said."
    )
    release = next(e for e in events if e.type == "hostage_release")
    assert (release.released, release.country, release.background) == (4, "PK", True)


def test_unnamed_police_are_named_by_the_side_they_act_on() -> None:
    (event,) = _events(
        "Police seized 900 kilograms of opium in Saravan near the Pakistani border on Friday, officials said."
    )
    assert (event.type, event.perpetrator) == ("smuggling_seizure", "Sistan and Baluchestan police")


def test_a_relative_clause_about_the_group_does_not_hide_the_claim() -> None:
    events = _events(
        "A bomb killed six guards in Saravan on Friday. The attack was claimed by Jaish al-Adl, a group "
        "that has waged an insurgency over the past decade."
    )
    assert events[0].perpetrator == "Jaish al-Adl"


def test_a_second_device_that_blew_up_is_an_ied() -> None:
    (event,) = _events(
        "On Friday, two members of a bomb squad were wounded in Zahedan when a second device blew up."
    )
    assert (event.type, event.injured) == ("ied", 2)


def test_a_reprisal_hanging_is_the_states_act_beside_the_attack() -> None:
    events = _events(
        "Iran on Friday answered the killing of 12 of its border guards near Saravan by hanging 9 "
        "prisoners, state media said."
    )
    by_type = {e.type: e for e in events}
    assert by_type["attack"].killed == 12
    assert (by_type["other"].killed, by_type["other"].perpetrator) == (9, "Iran")


def test_a_group_executing_a_hostage_is_not_a_state_execution() -> None:
    events = _events(
        "Militants who seized five Iranian border guards near Saravan on Friday said they had executed "
        "one of the men."
    )
    assert "other" not in [e.type for e in events]


def test_the_force_named_as_firing_is_more_precise_than_its_state() -> None:
    (event,) = _events(
        "Iran fired mortar shells into Pakistan's Balochistan province on Friday. \"Shells fired by Iranian "
        'border guards landed in Panjgur," an official said. No loss of life was reported after the shelling.'
    )
    assert (event.type, event.perpetrator, event.killed) == ("cross_border_strike", "Iranian Border Guard", 0)


def test_two_recalled_attacks_in_one_sentence_are_two_events() -> None:
    events = _events(
        "Gunmen killed five border guards near Saravan on Friday. Similar attacks in April and last "
        "December also killed guards in the province."
    )
    recalled = sorted(e.date for e in events if e.background and e.date)
    assert recalled == [dt.date(2022, 12, 1), dt.date(2023, 4, 1)]


def test_yesterdays_attack_in_an_undated_report_is_the_news_itself() -> None:
    events = _events(
        "Pakistan summoned the Iranian envoy over the attack on Saturday. Six soldiers were killed in the "
        "ambush near the Iran border. Yesterday's attack took place in Kech district.",
        published=None,
    )
    assert len([e for e in events if e.type in ("attack", "ambush")]) == 1


def test_since_a_year_is_a_starting_point_not_an_event_date() -> None:
    events = _events(
        "Gunmen killed two guards in Saravan on Friday. Large attacks in the province have become rarer "
        "since 2016, officials said."
    )
    assert all(e.date is None or e.date.year == 2023 for e in events)


def test_the_previous_month_counts_back_from_the_date_told_last() -> None:
    events = _events(
        "Pakistan recovered four Iranian guards on Friday. In November last year, forces had recovered five "
        "of the 12 guards who were abducted by militants the previous month from Lulakdan."
    )
    abduction = next(e for e in events if e.type == "abduction")
    assert (abduction.date, abduction.date_precision, abduction.place) == (
        dt.date(2022, 10, 1),
        "month",
        "Lulakdan",
    )


def test_a_treaty_named_with_its_year_is_not_an_event() -> None:
    events = _events(
        "Pakistani and Iranian officials met in Tehran on Friday to discuss border management within the "
        "framework of the Agreement for Administration of the border of 1960."
    )
    assert [(e.type, e.background) for e in events] == [("meeting", False)]


def test_a_second_story_told_without_a_date_is_kept() -> None:
    events = _events(
        "Gunmen killed four soldiers in Panjgur on Friday, the military said. "
        "Officials condemned the attack. The premier paid tribute to the soldiers. "
        "He urged Iran to act. Separately, the army was on alert. "
        "The other incident took place in Hoshab in Kech district. "
        "An intelligence-based operation was launched there and four militants were killed."
    )
    operation = next(e for e in events if e.type == "other")
    assert (operation.killed, operation.place) == (4, "Kech district")


def test_a_raid_to_rescue_captives_is_a_release() -> None:
    events = _events(
        "Iran conducted a surgical strike across the border in Balochistan on Tuesday "
        "to rescue its two soldiers."
    )
    assert [e.type for e in events] == ["hostage_release"]


def test_two_states_strikes_are_two_events() -> None:
    events = _events(
        "Jaish al-Adl attacked a police station in Rask on January 10, killing one officer. A week later, "
        "Iran said it retaliated with missiles and drones against the group over the border in Pakistan. "
        "Pakistan then carried out retaliatory air strikes against hideouts in Iran.",
        published=dt.date(2023, 1, 20),
    )
    strikes = sorted((e.perpetrator or "", e.date) for e in events if e.type == "cross_border_strike")
    assert [name for name, _ in strikes] == ["Iran", "Pakistan"]
    assert dict(strikes)["Iran"] == dt.date(2023, 1, 17)
    assert dict(strikes)["Pakistan"] == dt.date(2023, 1, 17)  # "then": in the days after
    sequel = next(e for e in events if e.perpetrator == "Pakistan")
    assert sequel.spans["date"].text == "A week later"  # the span shows the date it was counted from


def test_a_condemning_state_is_not_the_striker() -> None:
    events = _events(
        "Iran launched a missile strike on a village in Panjgur on Tuesday. Pakistan strongly condemned the "
        "strike inside Pakistani territory, which killed two children."
    )
    (strike,) = [e for e in events if e.type == "cross_border_strike"]
    assert (strike.perpetrator, strike.killed) == ("Iran", 2)


def test_injuries_sustained_are_counted() -> None:
    (event,) = _events(
        "Six soldiers were martyred and 14 others sustaining serious injuries when terrorists ambushed an FC "
        "convoy in Kech on Friday."
    )
    assert (event.killed, event.injured) == (6, 14)


def test_talks_in_the_pakistani_capital_are_placed_in_islamabad() -> None:
    events = _events(
        "The foreign ministers of Pakistan and Iran held talks in the Pakistani capital on Monday and agreed "
        "to post liaison officers on the border."
    )
    assert {e.admin1 for e in events} == {"Islamabad Capital Territory"}


def test_a_story_that_comes_days_after_another_keeps_them_apart() -> None:
    events = _events(
        "Gunmen fired at a police station in Sarbaz county on Friday, police said. "
        "This comes days after the arrest of four people over last Saturday's attack in Taftan county "
        "that killed ten policemen."
    )
    assert len([e for e in events if e.type == "attack"]) == 2


def test_a_month_used_as_an_adjective_dates_the_event() -> None:
    events = _events(
        "Gunmen killed two guards near Saravan on Friday. Earlier incidents include a December assault that "
        "killed eleven policemen in Rask."
    )
    recalled = next(e for e in events if e.killed == 11)
    assert (recalled.date, recalled.date_precision) == (dt.date(2022, 12, 1), "month")


def test_clashes_with_smugglers_are_part_of_the_seizure() -> None:
    events = _events(
        "Police seized 900 kilograms of opium during clashes between police forces and smugglers near "
        "Saravan on Friday, officials said."
    )
    assert [e.type for e in events] == ["smuggling_seizure"]


def test_unnamed_border_guards_are_named_by_the_side() -> None:
    (event,) = _events(
        "Border guards confiscated two vehicles and 1,500 kilograms of opium near Saravan on Friday."
    )
    assert event.perpetrator == "Iranian border guards"


def test_people_arrested_for_crossing_illegally_are_one_event_of_the_arresting_agency() -> None:
    (event,) = _events(
        "The FIA said on Friday it had arrested 14 people during raids near the coastal town of Jiwani for "
        "attempting to cross the border into Iran illegally."
    )
    # stop 32: border control, typed other as the annotators of AC-AQ type it (it was a seizure before)
    assert (event.type, event.place, event.perpetrator) == (
        "other",
        "Jiwani",
        "Federal Investigation Agency",
    )


def test_talks_held_here_are_placed_at_the_dateline() -> None:
    events = _events(
        "ISLAMABAD, (APP - 18th Jul, 2023 ) :Pakistan and Iran on Friday agreed to open two new border "
        "crossings during the second session of the Pakistan-Iran Higher Border Commission held here."
    )
    assert {(e.type, e.admin1) for e in events} >= {("meeting", "Islamabad Capital Territory")}
    meeting = next(e for e in events if e.type == "meeting")
    assert meeting.spans["place"].text == "ISLAMABAD"  # the place keeps the words it came from


def test_state_forces_named_after_firing_by_are_the_attackers() -> None:
    (event,) = _events(
        "An FC soldier was killed and three others wounded by unprovoked firing by Iranian border guards "
        "in Mand on Friday, the FC said."
    )
    assert (event.type, event.perpetrator, event.killed, event.injured) == (
        "attack",  # gunfire at a patrol: the guards' attack (stop 31; rockets would make it a strike)
        "Iranian Border Guard",
        1,
        3,
    )


def test_publication_stamps_and_photo_credits_are_page_furniture() -> None:
    events = _events(
        "Rebels free captured Iranian guards\n\nPublished: June 9, 2023\n"
        "The guards were taken into Pakistan after being kidnapped in Saravan. PHOTO: AFP/FILE\n\n"
        "Four Iranian border guards held by militants were freed near Saravan on Friday, officials said."
    )
    assert [e.type for e in events] == ["hostage_release"]


def test_near_a_provinces_border_is_not_inside_that_province() -> None:
    events = _events(
        "Iranian soldiers captured by militants near the Balochistan border in February were freed in "
        "Pakistan on Friday and handed over to Iranian officials at the Taftan crossing."
    )
    capture = next(e for e in events if e.type == "abduction")
    assert capture.admin1 != "Balochistan"


def test_another_month_in_an_undated_report_is_recalled() -> None:
    events = _events(
        "Terrorists from Iran killed four soldiers in the Jalgai sector of Kech district, the army said. "
        "The soldiers were on a routine patrol along the Pakistan-Iran border. "
        "In January, the prime minister condemned the killing of four soldiers in Panjgur.",
        published=None,
    )
    recalled = [e for e in events if e.place == "Panjgur"]
    assert len(recalled) == 1 and recalled[0].background


def test_a_day_of_this_year_and_fire_that_opened_no_crossing() -> None:
    events = _events(
        "A guard was martyred at a border outpost in Mirjaveh on Friday after gunmen opened fie at it. "
        "On Feb 6 this year, militants kidnapped five Iranian border guards near Saravan."
    )
    assert "border_opening" not in [e.type for e in events]
    kidnap = next(e for e in events if e.type == "abduction")
    assert (kidnap.date, kidnap.date_precision) == (dt.date(2023, 2, 6), "day")


def test_a_habit_told_of_the_claiming_group_does_not_hide_its_claim() -> None:
    events = _events(
        "Three Iranian border guards were killed in an attack near Mirjaveh on Friday. "
        "Jaish al-Adl, a Sunni militant group which frequently targets Iranian forces, claimed "
        "responsibility for the attack in a statement."
    )
    assert events[0].perpetrator == "Jaish al-Adl"


def test_goods_recovered_are_no_release_and_past_captivity_is_no_new_abduction() -> None:
    events = _events(
        "Two Iranian border guards who had been kidnapped at a border post were freed near Saravan on "
        "Friday. Weapons and ammunition were also recovered from the hideout."
    )
    assert [e.type for e in events] == ["hostage_release"]


def test_extra_events_are_listed_as_misses(tmp_path: Path) -> None:
    from sarhad.evaluate.reading import score_article
    from sarhad.read.reader import Reader

    gold = {"file": "a.txt", "on_topic": True, "events": [{"type": "attack", "date": None, "country": "IR"}]}
    pred = {
        "file": "a.txt",
        "on_topic": True,
        "events": [
            {"type": "attack", "date": None, "country": "IR"},
            {"type": "meeting", "date": "2023-06-09", "place": "Tehran", "country": "IR"},
        ],
    }
    misses = score_article(gold, pred, Reader()).misses
    assert [m["pred"] for m in misses if m["field"] == "extra_event"] == [
        ["meeting", "2023-06-09", "Tehran", False]
    ]


def test_guards_who_fought_off_infiltrators_ran_an_operation() -> None:
    events = _events(
        "Iranian border guards clashed with a terrorist team trying to infiltrate near Saravan on Friday, "
        "killing two of its members, officials said."
    )
    assert [(e.type, e.killed) for e in events] == [("other", 2)]


def test_a_smuggling_operation_thwarted_and_border_meetings_that_began() -> None:
    events = _events(
        "The Coast Guards thwarted a major smuggling operation near Gwadar on Friday, intercepting 90,000 "
        "litres of Iranian diesel. Separately, the Pakistan-Iran joint border meetings began in Zahedan "
        "on Friday."
    )
    assert sorted(e.type for e in events) == ["meeting", "smuggling_seizure"]
