"""Stop 30's review: sentences written by a review helper where the first version of this stop's rules
read wrongly and stop 29 read right (a veto or a date rule too broad). Each fails on that first version
(`ec6e82c`); the expected events are the type, date and background flag of each event the report tells."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.reader import read_article

CASES = [
    (  # F1 pilgrims bus to Iraq
        (
            "Gunmen attacked a bus carrying Shia pilgrims on its way to Iraq near Taftan on Sunday, "
            "killing three passengers, Levies officials said."
        ),
        "2024-08-12",
        [("attack", "2024-08-11", False)],
    ),
    (  # F3 Iran strikes Pakistan, Iraq, Syria
        (
            "Iran carried out missile strikes in Pakistan, Iraq and Syria on Tuesday, killing two "
            "children in Panjgur district, Pakistani officials said."
        ),
        "2024-01-17",
        [("cross_border_strike", "2024-01-16", False)],
    ),
    (  # F4 Iran strikes on Pakistan and Iraq
        (
            "Iran's Revolutionary Guards launched missile and drone strikes on Jaish al-Adl bases in "
            "Pakistan and Iraq on Tuesday night."
        ),
        "2024-01-17",
        [("cross_border_strike", "2024-01-16", False)],
    ),
    (  # P2 reopened, trade pick up soon
        (
            "The Taftan border was reopened on Monday and trade is expected to pick up soon, customs "
            "officials said."
        ),
        "2024-05-07",
        [("border_opening", "2024-05-06", False)],
    ),
    (  # P10 opened, soon after
        (
            "Pakistan opened the Taftan gate for pilgrims on Saturday, and soon after hundreds "
            "crossed into Iran."
        ),
        "2024-08-04",
        [("border_opening", "2024-08-03", False)],
    ),
    (  # T1 denied involvement then closure
        (
            "Iran's foreign ministry denied any role in the attack, and on Monday Iranian authorities"
            " ordered the closure of the Mirjaveh crossing."
        ),
        "2024-04-09",
        [("attack", "2024-04-08", False), ("border_closure", "2024-04-09", False)],
    ),
    (  # T2 denying reports, reopening announced
        (
            "Denying reports of tension, officials announced the reopening of the Taftan gate on "
            "Monday after a week-long closure."
        ),
        "2024-05-07",
        [("border_opening", "2024-05-06", False)],
    ),
    (  # T3 rejected protest continued fencing
        ("Pakistan rejected Iran's objections and resumed fencing of the border near Gabd on Tuesday."),
        "2024-05-08",
        [("fencing", "2024-05-07", False)],
    ),
    (  # T4 dismissed traders, closure
        (
            "Officials dismissed the traders' appeal, and the closure of the Chedgi crossing on "
            "Saturday left hundreds of trucks stranded."
        ),
        "2024-05-13",
        [("border_closure", "2024-05-11", False)],
    ),
    (  # T6 refuted claims then opening
        (
            "Refuting claims that trade had stopped, Iran announced the opening of a new crossing at "
            "Pishin-Mand on Sunday."
        ),
        "2024-05-13",
        [("border_opening", "2024-05-12", False)],
    ),
    (  # T7 denied entry then closure
        (
            "After Iranian guards denied entry to Pakistani drivers, Pakistan announced the closure "
            "of the Taftan gate on Friday."
        ),
        "2024-05-11",
        [("border_closure", "2024-05-10", False)],
    ),
    (  # H8 agreement under which signed
        (
            "Iran will supply 100 megawatts of electricity to Gwadar under an agreement signed by the"
            " two sides on Tuesday."
        ),
        "2024-05-15",
        [("agreement", "2024-05-14", False)],
    ),
    (  # H11 in line with agreement reopened
        (
            "In line with an agreement reached on Sunday, Iran reopened the Taftan-Mirjaveh crossing "
            "on Monday."
        ),
        "2024-05-15",
        [("agreement", "2024-05-12", False), ("border_opening", "2024-05-13", False)],
    ),
    (  # D1 rejected and closed
        ("Iran on Sunday rejected Pakistan's request and closed the Mirjaveh crossing to trucks."),
        "2024-05-14",
        [("border_closure", "2024-05-12", False)],
    ),
    (  # D2 denied entry on day
        (
            "Iranian border guards on Sunday denied entry to 300 Pakistani pilgrims at the Taftan "
            "crossing and closed the gate."
        ),
        "2024-05-14",
        [("border_closure", "2024-05-12", False)],
    ),
    (  # D3 condemned attack same day
        (
            "Gunmen attacked a Levies post near Taftan, killing two personnel. The chief minister on "
            "Tuesday condemned the attack."
        ),
        "2024-05-15",
        [("attack", "2024-05-14", False)],
    ),
    (  # D4 protest then reopening
        (
            "Traders on Monday protested outside the customs house, and officials reopened the Taftan"
            " gate hours later."
        ),
        "2024-05-15",
        [("border_opening", "2024-05-13", False)],
    ),
    (  # D5 summoned after shelling (dated reaction only)
        (
            "Pakistan on Wednesday summoned the Iranian envoy after mortar shells fired from Iran "
            "landed in Panjgur, wounding two people."
        ),
        "2024-05-16",
        [("cross_border_strike", "2024-05-15", False)],
    ),
    (  # D6 Mourned guards killed
        (
            "Residents of Zahedan on Friday mourned the guards killed in the attack on the Rask "
            "police station."
        ),
        "2024-05-18",
        [("attack", "2024-05-17", False)],
    ),
    (  # D7 denied and repatriated
        (
            "Iran on Thursday denied the reports and handed over 15 Pakistani fishermen to officials "
            "at the Taftan border."
        ),
        "2024-05-18",
        [("other", "2024-05-16", False)],
    ),
    (  # D10 relative: smugglers who tried to cross
        (
            "Iranian border guards opened fire on fuel smugglers who were trying to cross the border "
            "near Mashkel on Friday night, killing two."
        ),
        "2024-05-16",
        # the date is what this case guards; since stop 31 guards shooting at people is their attack
        [("attack", "2024-05-10", False)],
    ),
    (  # D11 relative: where guards were stationed
        (
            "Militants stormed the Saravan post, where 12 guards were stationed on Saturday night, "
            "killing five."
        ),
        "2024-05-16",
        [("attack", "2024-05-11", False)],
    ),
    (  # D13 motive response to request
        ("Iran reopened the Taftan gate in response to a request from Pakistani traders on Monday."),
        "2024-05-16",
        [("border_opening", "2024-05-13", False)],
    ),
    (  # R1 similar incident dated
        (
            "Gunmen attacked a Levies checkpost near Taftan on Monday, killing two. In a similar "
            "attack on Tuesday, militants killed three FC soldiers in Panjgur."
        ),
        "2024-05-15",
        [("attack", "2024-05-13", False), ("attack", "2024-05-14", False)],
    ),
    (  # W1 closed highway route
        (
            "Protesters closed the main route to Gwadar port on Monday, demanding the recovery of "
            "missing persons."
        ),
        "2024-05-15",
        [],
    ),
    (  # W3 sent by road after airport closed
        ("Relief goods were sent by road after Turbat airport was closed due to bad weather on Monday."),
        "2024-05-15",
        [],
    ),
    (  # W5 schools closed by road blocked
        ("Schools closed in Turbat on Monday as the district was cut off by road after heavy rains."),
        "2024-05-15",
        [],
    ),
    (  # V1 mourning declared after attack
        ("A day of mourning was declared after a suicide attack killed 12 border guards in Rask on Friday."),
        "2024-05-18",
        [("attack", "2024-05-17", False)],
    ),
    (  # V3 families in mourning
        ("Families were in mourning in Panjgur after gunmen killed five labourers there on Monday."),
        "2024-05-15",
        [("attack", "2024-05-13", False)],
    ),
    (  # V4 anniversary attack
        (
            "On the anniversary of the Zahedan bloody Friday, gunmen attacked a police station in "
            "Zahedan, killing two officers."
        ),
        "2023-09-30",
        [("attack", "2023-09-29", False)],
    ),
    (  # V5 convicted man among victims
        (
            "A man convicted of smuggling in 2019 was among four people killed when gunmen attacked a"
            " bus near Mand on Friday."
        ),
        "2024-05-18",
        [("attack", "2024-05-17", False)],
    ),
    (  # V9 rocket fire militants
        ("Rocket fire by militants hit an FC camp in Turbat on Monday night, injuring three soldiers."),
        "2024-05-15",
        [("attack", "2024-05-13", False)],
    ),
    (  # V12 mourning guards attack in Saravan
        (
            "Iran's interior minister attended the mourning ceremony for nine guards killed in an "
            "attack near Saravan on Friday."
        ),
        "2024-05-20",
        [("attack", "2024-05-17", False)],
    ),
    (  # V13 charges of terrorism then attack
        (
            "A suspect facing several charges of terrorism was killed when gunmen attacked a prison "
            "van near Turbat on Monday."
        ),
        "2024-05-15",
        [("attack", "2024-05-13", False)],
    ),
    (  # M1 relative travelling (on-topic)
        (
            "Gunmen ambushed a convoy of Pakistani engineers who were travelling to the Iran border "
            "at Gabd on Tuesday, killing three of them, Levies officials said."
        ),
        "2024-05-16",
        [("ambush", "2024-05-14", False)],
    ),
    (  # M9 not allowed without visa on-topic
        (
            "Iranian officials at the Mirjaveh border said on Monday that Pakistani truckers would "
            "not be allowed to enter Iran without valid visas."
        ),
        "2024-05-16",
        [],
    ),
    (  # M10 not allowed if lacking papers on-topic
        (
            "Iran's consul general said Pakistani pilgrims at the Taftan border would not be allowed "
            "to cross unless they had valid passports."
        ),
        "2024-05-16",
        [],
    ),
    (  # M11 by road goods, Gwadar airport closed
        ("Iranian fuel reached Gwadar by road after the city's airport was closed on Monday."),
        "2024-05-16",
        [],
    ),
    (  # M12 route closed protest, Iran mention
        (
            "Protesters closed the main route to Gwadar port on Monday, demanding an end to "
            "restrictions on Iranian fuel trade."
        ),
        "2024-05-16",
        [],
    ),
    (  # M17 mourning after killing of guards Iran
        (
            "Saravan was in mourning on Sunday after Jaish al-Adl militants killed 10 Iranian border "
            "guards in an attack on a post near the Pakistani border."
        ),
        "2024-05-16",
        [("attack", "2024-05-12", False)],
    ),
    (  # M18 anniversary: BLA attacked on anniversary
        (
            "On the anniversary of Nawab Akbar Bugti's death, militants attacked an FC post near the "
            "Iran border in Panjgur, killing four soldiers."
        ),
        "2024-08-27",
        [("attack", "2024-08-27", False)],
    ),
    (  # M19 under agreement released
        (
            "Under an agreement reached on Sunday, Iran handed over 20 Pakistani prisoners at the "
            "Taftan border on Monday."
        ),
        "2024-05-16",
        [("agreement", "2024-05-12", False), ("other", "2024-05-13", False)],
    ),
    (  # N1 closed until next week
        ("Pakistan closed the Taftan border on Saturday until next week because of Muharram processions."),
        "2024-07-14",
        [("border_closure", "2024-07-13", False)],
    ),
    (  # N2 closed for the next month
        (
            "Iran has closed the Mirjaveh crossing for the next month to contain the spread of the "
            "virus, officials said on Sunday."
        ),
        "2020-03-02",
        [("border_closure", "2020-03-01", False)],
    ),
    (  # N4 fencing completed, wall soon
        (
            "Pakistan completed fencing along the Iran border in Kech on Monday, and soon after "
            "smuggling dropped sharply."
        ),
        "2024-05-16",
        [("fencing", "2024-05-13", False)],
    ),
    (  # N6 condemned, said it closed
        (
            "Pakistan on Sunday condemned the killing of its nationals in Saravan and closed the "
            "Taftan border in protest."
        ),
        "2024-01-29",
        [("border_closure", "2024-01-28", False)],
    ),
    (  # N8 later verb with only date, event earlier (intended)
        ("The Foreign Office on Sunday condemned an attack that killed 11 Pakistani workers near Saravan."),
        "2024-01-30",
        [("attack", "2024-01-28", False)],
    ),
    (  # N9 denied crossing, guards opened fire
        (
            "Iranian guards on Friday denied a group of Pakistani fuel traders passage at the Jiwani "
            "border and opened fire on them, killing one."
        ),
        "2024-05-16",
        [("attack", "2024-05-10", False)],
    ),
    (  # N10 Relative: where they were held on Friday
        (
            "Security forces freed four Iranian guards from a hideout near Mashkel, where they had "
            "been held since February, on Friday, officials said."
        ),
        "2024-05-16",
        [],
    ),
]


@pytest.mark.parametrize(("text", "day", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_the_review_sentence_reads_as_stop_29_did(
    text: str, day: str, expected: list[tuple[str, str | None, bool]]
) -> None:
    events = read_article(text, dt.date.fromisoformat(day)).events
    assert [(e.type, e.date.isoformat() if e.date else None, e.background) for e in events] == expected
