"""Who acted: the group that claimed or was blamed, the state force that attacked, the state that
closed, opened or seized, told apart from the ones acted upon ("strikes on Pakistan")."""

from __future__ import annotations

from dataclasses import dataclass

from sarhad.events import NAMES_AFFECTED
from sarhad.read.counts import ATTACKER
from sarhad.read.drafts import Draft
from sarhad.read.language import pack_pattern
from sarhad.read.lexicon import Actor, Hit
from sarhad.read.mentions import Mention, SentenceInfo, relative_asides
from sarhad.read.pack import BorderPack
from sarhad.read.syntax import Role, Roles

# ---- perpetrators ---------------------------------------------------------------------------------

_CLAIM = pack_pattern("agents.claim")
_BLAME = pack_pattern("agents.blame")
# "There was no immediate claim of responsibility": the sentence names no claimant
_UNCLAIMED = pack_pattern("agents.unclaimed")
# "X has been known to ...", "militants operate in the province": what a group does or where it is
_HABITUAL = pack_pattern("agents.habitual")
_ANAPHOR = pack_pattern("agents.anaphor")
_UNLISTED_CLAIMANT = pack_pattern("agents.unlisted_claimant")
_GROUP_WORD = pack_pattern("agents.group_word")
_OBJECT_BEFORE = pack_pattern("agents.object_before")
_BLAMED_APPOSITIVE = pack_pattern("agents.blamed_appositive")
_RECORD_BLAMED = pack_pattern("agents.record_blamed")
_RECORD = pack_pattern("agents.record")
_ACTION_AFTER = pack_pattern("agents.action_after")
# "X said it had killed ...": the speaker is the actor.
SAID_IT_ACTED = pack_pattern("agents.said_it_acted")
# "fencing of the border with Iran", "talks with Pakistan": the other party, not the one acting
PARTNER_BEFORE = pack_pattern("agents.partner_before")
PASSIVE_BY = pack_pattern("agents.passive_by")
_CONJUNCT_BEFORE = pack_pattern("agents.conjunct_before")


_WORD = pack_pattern("agents.word")
_REACTS_AFTER = pack_pattern("agents.reacts_after")  # "Jaish al-Adl condemned": a reaction, not a claim


def on_event_word(mention: Mention, start: int, end: int) -> bool:
    """A name on the event word itself or just before it ("the Iranian strikes"): who struck."""
    return any(t.start <= start < t.end or 0 <= t.start - end <= 1 for t in mention.triggers)


def partner(text: str, start: int) -> bool:
    """The name at ``start`` is the other party ("talks with Iran", "borders with Iran and
    Afghanistan"), not the one acting."""
    before = text[max(0, start - 60) : start]
    conjunct = _CONJUNCT_BEFORE.search(before)
    if conjunct is not None:
        before = before[: conjunct.start()]
    return bool(PARTNER_BEFORE.search(before[-30:]))


_AGENT_BY = pack_pattern("agents.agent_by")
_AGENT_NOUN = pack_pattern("agents.agent_noun")
_OTHER_EVENT_BEFORE = pack_pattern("places.other_event_before")
STATE_KINDS = ("state", "force", "agency", "generic")


@dataclass(frozen=True)
class Perpetrator:
    name: str
    basis: str
    start: int  # absolute offsets
    end: int
    force_of: str | None = None  # set when a state's own force is the attacker: that state's country
    actor: Actor | None = (
        None  # the registry's actor, when the name is one (an unnamed authority is named later)
    )


def militant_perpetrator(
    draft: Draft, infos: dict[int, SentenceInfo], last_militant: dict[int, Actor]
) -> Perpetrator | None:
    """The group that claimed or was blamed, or that the report says acted."""
    best: tuple[float, Perpetrator] | None = None
    told = [(m.index, 0.0) for m in draft.mentions]
    # A trigger-less sentence that elaborates the event ("The group said it was holding them.") comes last.
    told += [(i, 0.5) for m in draft.mentions for i in m.context if i > m.index]
    # A trigger-less sentence just before it counts only where it says who did it ("held hostage by X").
    told += [(i, 0.7) for m in draft.mentions for i in m.context if i < m.index]
    for index, discount in told:
        info = infos[index]
        text = info.sentence.text
        basis = _basis(text)
        if basis is None or (basis == "acting" and _habitual(info)):
            continue
        score = {"claimed": 3, "blamed": 2, "acting": 1}[basis] - discount
        for actor, start, end in _militants(info, last_militant):
            before = text[max(0, start - 30) : start]
            if discount == 0.7 and basis == "acting" and not _AGENT_BY.search(before):
                continue
            if _BLAMED_APPOSITIVE.match(text[end : end + 60]):
                basis, score = "blamed", 2 - discount  # "Jaish al-Adl, a group that Tehran accused of ..."
            elif _OBJECT_BEFORE.search(text[max(0, start - 40) : start]) and not _parse_clears_object(
                info, basis, start, end
            ):
                continue  # "killed members of X"
            candidate = Perpetrator(actor.name, basis, info.sentence.start + start, info.sentence.start + end)
            if best is None or score > best[0]:
                best = (score, candidate)
    return best[1] if best else None


# "Iranian guards fired on a truck", "... stormed ...": a state force as the attacker.
ATTACKED_AFTER = pack_pattern("agents.attacked_after")


_FIRE_BY = pack_pattern("agents.fire_by")


def force_perpetrator(
    draft: Draft, infos: dict[int, SentenceInfo], attack_verbs: frozenset[str]
) -> Perpetrator | None:
    """No group named: a state force that the report says attacked (the subject of the attack verb)."""
    for mention in draft.mentions:
        info = infos[mention.index]
        text = info.sentence.text
        for hit in _in_clause(mention, info.hits):
            if hit.actor is None or hit.actor.kind not in ("force", "state") or _answered(info, hit, mention):
                continue  # "the assailants were killed by Iranian forces": they answered the attack
            before = text[max(0, hit.start - 40) : hit.start]
            if _FIRE_BY.search(before) and (hit.actor.kind == "force" or _AGENT_NOUN.match(text[hit.end :])):
                # "killed by unprovoked firing by Iranian border guards", "under attack by Iranian forces"
                start, end = info.sentence.start + hit.start, info.sentence.start + hit.end
                return Perpetrator(hit.actor.name, "acting", start, end, hit.actor.country)
            name, end = _force_named(text, hit)
            if name and _attacked(info, hit, attack_verbs):
                start = info.sentence.start + hit.start
                return Perpetrator(name, "acting", start, info.sentence.start + end, hit.actor.country)
    return None


def _force_named(text: str, hit: Hit) -> tuple[str | None, int]:
    """The force a name stands for, with where its words end: a force of the registry, or a state's
    demonym heading a force noun as written ("Iranian security personnel")."""
    assert hit.actor is not None
    if hit.actor.kind == "force":
        return hit.actor.name, hit.end
    end = hit.end
    while match := _AGENT_NOUN.match(text, end):
        end = match.end()
    return (text[hit.start : end], end) if end > hit.end else (None, end)


def _in_clause(mention: Mention, hits: list[Hit]) -> list[Hit]:
    """The names in the clause that tells the mention's event, when its sentence tells two."""
    if mention.clause is None or not mention.own_actors:
        return hits
    start, end = mention.clause
    return [h for h in hits if start <= h.start < end]


def _attacked(info: SentenceInfo, hit: Hit, attack_verbs: frozenset[str]) -> bool:
    """The force is the agent of an attack verb ("Iranian guards opened fire on ..."), never its patient
    ("12 Iranian border guards were abducted", "militants attacked Iranian guards"); a force that
    answered the attack is left out before (``_answered``)."""
    played = _own_roles(info.roles(), hit.start, hit.end)
    if any(role.name == "patient" for role in played):
        return False
    return any(role.name == "agent" and role.verb in attack_verbs for role in played)


def _own_roles(roles: Roles, start: int, end: int) -> list[Role]:
    """The roles a name plays, itself or through the phrase holding it ("a patrol of Iranian guards opened
    fire", "troops from Iran fired"), but not inside a phrase about attackers, where it tells where they
    came from ("terrorists operating from the Iranian side attacked")."""
    return [r for r in roles.of(start, end) if not _names_attackers(r.text[: start - r.start])]


def _its_forces(roles: Roles, start: int, end: int) -> bool:
    """The name is nested in a phrase about its state's forces or authorities ("troops from Iran",
    "guards on the Iranian side"), not about attackers."""
    prefixes = [r.text[: start - r.start] for r in roles.of(start, end)]
    return any(_AGENT_NOUN.search(" " + p) and not _names_attackers(p) for p in prefixes)


def _answered(info: SentenceInfo, hit: Hit, mention: Mention) -> bool:
    """The name killed the attackers with the event's own verb (active or passive): it answered the
    attack, it did not make it. The sentence is parsed only when it names attackers at all."""
    if not _names_attackers(info.sentence.text):
        return False
    roles = info.roles()
    return any(
        r.name == "agent"
        and any(t.start <= r.verb_start < t.end for t in mention.triggers)
        and _fought_back(roles.roles, r)
        for r in _own_roles(roles, hit.start, hit.end)
    )


def _fought_back(roles: list[Role], agent: Role) -> bool:
    """'The Revolutionary Guard forces killed three of the militants': forces that killed the attackers
    answered the attack; they did not make it."""
    return any(
        r.name == "patient" and r.verb_start == agent.verb_start and _names_attackers(r.text) for r in roles
    )


def _names_attackers(text: str) -> bool:
    """Whether the words name attackers ("three of the assailants", "a group of terrorists")."""
    return any(ATTACKER.match(word) for word in _WORD.findall(text))


def _parse_clears_object(info: SentenceInfo, basis: str, start: int, end: int) -> bool:
    """The parse overrules words that make a name the object of an act: "the abductors are members of X"
    says who the abductors are, "blamed the attack on X" who did it (parsed only for such words)."""
    roles = info.roles()
    return roles.within("identity", start, end) or (basis == "blamed" and roles.within("blamed", start, end))


def _basis(text: str) -> str | None:
    """On what a sentence names a group as the actor: "claimed", "blamed" or "acting"; None where it says
    no one claimed ("no claim of responsibility, but the area is the base of X")."""
    # "No group claimed it at first, but X later claimed ...", "X, which usually claims such attacks, claimed"
    if _CLAIM.search(_RECORD_BLAMED.sub(" ", _UNCLAIMED.sub(" ", text))):
        return "claimed"
    if _RECORD_BLAMED.search(text):
        return None  # "similar past attacks have been blamed on X": the group's record, not this event
    if _BLAME.search(text):
        return "blamed"
    # "the province has witnessed multiple clashes with X", "X, which has carried out a spate of attacks"
    return None if _UNCLAIMED.search(text) or _RECORD.search(text) else "acting"


def _habitual(info: SentenceInfo) -> bool:
    """The sentence tells what a group does or where it operates ("X has been known to cross into Iran"),
    not as words about the actor of its own verb ("X, which operates along the border, attacked ...",
    "X militants operating from Pakistan attacked ..."). Parsed only when such words are there."""
    text = info.sentence.text
    found = list(_HABITUAL.finditer(text))
    if not found:
        return False
    asides = relative_asides(text)
    actors = [(r.start, r.end) for r in info.roles().roles if r.name == "agent"]
    return any(not any(a <= h.start() < b for a, b in [*asides, *actors]) for h in found)


def _militants(info: SentenceInfo, last_militant: dict[int, Actor]) -> list[tuple[Actor, int, int]]:
    found = [
        (h.actor, h.start, h.end) for h in info.hits if h.actor is not None and h.actor.kind == "militant"
    ]
    # "claimed by the Jaish-e-Fursan-e-Muhammad group": a claimant no list holds is named as written
    for match in _UNLISTED_CLAIMANT.finditer(info.sentence.text):
        key = "by" if match.group("by") else "name"
        start, end = match.span(key)
        # a group's own name ("Jaish-e-Fursan"), not a person ("Qari Zia-ul-Rehman") nor a description
        if not any(s < end and start < e for _, s, e in found) and _GROUP_WORD.search(match.group(key)):
            # tied to the claim by its words: before any group named only nearby ("... members of the TTP")
            found.insert(0, (Actor("unlisted", match.group(key), "militant", None), start, end))
    previous = last_militant.get(info.index)
    if previous is not None:
        found += [(previous, m.start(), m.end()) for m in _ANAPHOR.finditer(info.sentence.text)]
    return found


def state_perpetrator(draft: Draft, infos: dict[int, SentenceInfo], pack: BorderPack) -> Perpetrator | None:
    """The acting state or force: the one that launches, closes, opens or seizes."""
    scored: list[tuple[int, int, Hit, SentenceInfo]] = []
    for order, mention in enumerate(draft.mentions):
        info = infos[mention.index]
        text = info.sentence.text
        for hit in _in_clause(mention, info.hits):
            if hit.actor is None or state_of(hit.actor, pack) is None:
                continue
            window = text[max(0, hit.start - 70) : hit.start].rsplit(",", 1)[-1]  # this clause only
            if not mention.earlier and _OTHER_EVENT_BEFORE.search(window):
                continue  # "in retaliation for a similar attack by Iran": the actor of another event
            # "the Pakistani strikes": a demonym on the event's own noun names who struck ("Pakistani
            # fishing vessels seized": where the event's words name those acted upon, it names them)
            own = on_event_word(mention, hit.start, hit.end) and mention.type not in NAMES_AFFECTED
            if (
                hit.text.lower() in pack.adjectives
                and not own
                and not _AGENT_NOUN.match(text[hit.end : hit.end + 30])
            ):
                continue  # "Iranian diesel", "Pakistani nationals": a nationality, not the actor
            score = 3 if own else 0
            # who did it by the parse: the agent of the event's verb; the patient is what was done to
            roles = info.roles()
            events = [(t.start, t.end) for t in mention.triggers]
            possessor = text[hit.end : hit.end + 1] in ("'", "’")  # "the customs authorities’ crackdown"
            agent = not possessor and roles.acts_in(hit.start, hit.end, events)
            patient = (
                not possessor
                and not agent
                and any(r.name == "patient" for r in roles.played(hit.start, hit.end))
            )
            score -= 3 if patient else 0
            # a name nested in another's phrase ("a new crossing with Iran was opened") is not the actor,
            # whatever verb follows it, unless the phrase names its forces ("troops from Iran fired")
            nested = (
                bool(roles.of(hit.start, hit.end))
                and not roles.played(hit.start, hit.end)
                and not _its_forces(roles, hit.start, hit.end)
            )
            told = _ACTION_AFTER.search(text[hit.end : hit.end + 60]) or SAID_IT_ACTED.match(text[hit.end :])
            acted = agent or (not nested and told)
            # a leader acts for the state only where the text says he did, an official only as the agent of
            # the event's verb ("The deputy commissioner said Iran had closed ..." did not close it)
            if (hit.actor.kind == "person" and not acted) or (hit.actor.agent_only and not agent):
                continue
            # the parse's agent of the event's verb outranks a name the words after it only suggest acted
            # ("Pakistani officials said Iran fired six mortar shells": Iran fired them)
            score += 4 if agent else 3 if acted else 0
            score += 2 if PASSIVE_BY.search(text[max(0, hit.start - 8) : hit.start]) else 0
            score -= 3 if _OBJECT_BEFORE.search(text[max(0, hit.start - 40) : hit.start]) else 0
            score -= 3 if partner(text, hit.start) else 0
            reacts = _REACTS_AFTER.match(text[hit.end :])
            # a state tells of its own fence ("Pakistan's army said fencing would be completed")
            score -= 2 if reacts and not acted and draft.type != "fencing" else 0
            scored.append((score - order, -hit.start, hit, info))
    if not scored:
        return None
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    _, _, hit, info = scored[0]
    if scored[0][0] < 0:
        return None
    hit, info = _the_force_itself(hit, info, scored)
    assert hit.actor is not None
    name = state_of(hit.actor, pack) or hit.actor.name
    # two states open, close or agree together; a strike is one state's
    joint = _conjoined_actor(info, hit, pack) if draft.type != "cross_border_strike" else None
    if joint is not None and joint != name:
        both = {side.names.name for side in pack.sides} == {name, joint}
        name = pack.pair_name if both else f"{name} and {joint}"  # the two states: one name for the pair
    start = info.sentence.start + hit.start
    return Perpetrator(name, "acting", start, info.sentence.start + hit.end, actor=hit.actor)


def _the_force_itself(
    hit: Hit, info: SentenceInfo, scored: list[tuple[int, int, Hit, SentenceInfo]]
) -> tuple[Hit, SentenceInfo]:
    """'Iran fired mortar shells ... shells fired by Iranian border guards': the force the text names as
    acting is more precise than its state."""
    assert hit.actor is not None
    if hit.actor.kind != "state":
        return hit, info
    for _, _, other, other_info in scored:
        actor = other.actor
        if actor is not None and actor.kind == "force" and actor.country == hit.actor.country:
            text = other_info.sentence.text
            acted = _ACTION_AFTER.search(text[other.end : other.end + 60]) or PASSIVE_BY.search(
                text[max(0, other.start - 8) : other.start]
            )
            if acted:
                return other, other_info
    return hit, info


# "Prime Minister X and Iranian President Y jointly inaugurated": titles may stand between the two.
_AND_TITLED = pack_pattern("agents.and_titled")


def state_of(actor: Actor, pack: BorderPack) -> str | None:
    """The name under which an actor acts for a state: itself, or a leader's country."""
    if actor.id == "both-states":
        return pack.pair_name
    if actor.kind in STATE_KINDS:
        return actor.name
    if actor.kind == "person":
        return pack.state_of_country.get(actor.country or "")
    return None


def _two_states(a: Hit, b: Hit) -> bool:
    """Two states or their leaders, of different countries (not "Iran's Revolutionary Guard" and Iran)."""
    assert a.actor is not None and b.actor is not None
    kinds = {a.actor.kind, b.actor.kind} <= {"state", "person"}
    return kinds and a.actor.country is not None and a.actor.country != b.actor.country


def _same_verb(roles: Roles, hit: Hit, verbs: set[int]) -> bool:
    """The name is in an agent of one of these verbs."""
    return any(r.name == "agent" and r.verb_start in verbs for r in roles.of(hit.start, hit.end))


def _conjoined_actor(info: SentenceInfo, hit: Hit, pack: BorderPack) -> str | None:
    """'Iran and Pakistan open ...', 'the premier X and President Y inaugurated ...': both act. By the
    parse too: another state named in an agent of the same verb ("President Rouhani and Prime Minister of
    Pakistan Imran Khan signed")."""
    own = hit.actor and state_of(hit.actor, pack)
    roles = info.roles()
    acts = [r for r in roles.played(hit.start, hit.end) if r.name == "agent" and not roles.reaction(r)]
    # subjects joined by "and" ("X and Y signed"), of an act ("Pakistani and Iranian officials said": none)
    joined = {r.verb_start for r in roles.roles if r.name == "agent" and " and " in f" {r.text} "}
    verbs = {r.verb_start for r in acts} & joined
    for other in info.hits:
        if other.actor is None or other is hit or state_of(other.actor, pack) in (None, own):
            continue
        between = info.sentence.text[min(hit.end, other.end) : max(hit.start, other.start)]
        if _AND_TITLED.fullmatch(between) or (_two_states(hit, other) and _same_verb(roles, other, verbs)):
            return state_of(other.actor, pack)
    return None
