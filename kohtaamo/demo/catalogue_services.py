"""The demo services, generated from the activities for each town, place and county.

Generation is pure and seeded, so every run produces the same services with the same
keys (``demo:service:<activity>:<town or county>:<n>``) whatever the database holds;
the seeding step creates those it does not find.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.text import slugify

from kohtaamo.accounts.models import Organisation

from . import catalogue_places as P
from .catalogue_activities import CARE_ACTIVITIES
from .catalogue_hobbies import HOBBY_ACTIVITIES
from .catalogue_providers import owners_by_town, providers
from .catalogue_texts import (
    CARD_SENTENCE,
    CLOSINGS,
    GROUPS,
    HOBBY_REFERRAL,
    LEADER_SENTENCES,
    PILOT_SENTENCE,
    REFERRAL_SENTENCE,
    REFERRALS,
    join_texts,
    price_texts,
    schedule_texts,
)

ACTIVITIES = CARE_ACTIVITIES + HOBBY_ACTIVITIES
COUNTIES = ("13", "08", "06")
SIZES = (P.BIG, P.MID, P.SMALL)
LANGS = ("fi", "sv", "en")
GROUP_KEYWORDS = {
    "older-people": "ikäihmiset, seniorit",
    "memory-disorders": "muistisairaus, muistiystävällinen",
    "children-and-families": "lapsiperheet, vauvaperheet",
    "young-people-at-risk": "nuoret, nuorisotyö",
    "mental-health-substance-rehabilitation": "mielenterveys, kuntoutus",
    "ethnic-minorities": "maahanmuuttajat, kotoutuminen",
    "care-home-residents": "hoivakoti, palvelutalo",
    "caregivers": "omaishoito",
    "people-with-disabilities": "kehitysvammaiset, selkokieli",
    "unemployed": "työnhakijat",
    "working-age": "työikäiset",
    "children": "lapset",
}
OTHER_LANGUAGES = ("ar", "so", "ru", "uk", "fa", "ku", "en", "et")
LIFECYCLES = (("established", 60), ("pilot", 20), ("fixed_term", 12), ("planned", 8))
# Activities that are what a referral or a card leads to, or that only care units order.
REFERRAL_KINDS = {"referral-museum", "referral-group", "hobby-referral", "referral-model",
                  "link-work", "culture-advice"}  # fmt: skip
# How far each county had got with its county-wide models in Taike's 2024 survey:
# (activity, county) -> (stage, funding).
COUNTY_FACTS = {
    ("referral-model", "13"): ("pilot", ("rrf", "county")),  # hyvinvointilähete, planned
    ("referral-model", "08"): ("established", ("municipal", "county")),
    ("referral-model", "06"): ("established", ("rrf", "county")),  # kulttuuriresepti
    ("culture-card", "13"): ("pilot", ("rrf", "county")),
    ("culture-card", "08"): ("established", ("county", "municipal")),
    ("culture-card", "06"): ("planned", ("county",)),
    ("link-work", "13"): ("pilot", ("rrf", "county")),
    ("link-work", "08"): ("established", ("county",)),
    ("link-work", "06"): ("pilot", ("rrf", "county")),
    ("clowns-hospital", "13"): ("established", ("county", "stea")),
    ("ambulance-art", "13"): ("pilot", ("taike", "county")),
    ("ambulance-art", "08"): ("planned", ("okm", "county")),
    ("ambulance-art", "06"): ("pilot", ("taike", "rrf")),
}
GROUP_KINDS = {"group", "course", "workshop_series", "referral_group"}
GROUPS_FOR_EVERY_KIND = {"memory-disorders", "ethnic-minorities", "low-income",
                         "hospital-patients", "care-home-residents"}  # fmt: skip
MODERATION_REASONS = (
    "Kuvauksessa luvataan hoitotuloksia, joita ei ole arvioitu. Muokkaa kuvausta ja "
    "julkaise palvelu uudelleen.",
    "Yhteystiedoissa oli yksityishenkilön puhelinnumero. Vaihda tilalle järjestäjän "
    "yleinen numero ja julkaise uudelleen.",
)


@dataclass
class ServiceSpec:
    key: str
    activity: str
    provider: str
    kind: str
    county: str
    texts: dict  # "name_fi": ..., every translated column that has text
    steps: tuple
    art_forms: tuple
    target_groups: tuple
    languages: tuple
    accessibility: tuple
    municipalities: tuple
    places: tuple  # PlaceSpec keys
    age_min: int | None
    age_max: int | None
    is_free: bool
    card_places: bool
    booking_url: str
    contact_phone: str
    contact_email: str
    lifecycle: str
    funding: tuple
    quality: tuple
    rhythm: str
    weekday: int
    start: int  # minutes from midnight
    duration: int
    sessions: int | None  # of a workshop series
    series_offset: int  # weeks from now to a series' first session
    capacity: int | None
    registration: str
    status: str = "published"
    moderation_reason: str = ""
    calendar: bool = False  # gets dated sessions
    referral_places: int | None = None  # kept for clients with a culture referral
    extra: dict = field(default_factory=dict)


def _cap(text):
    return text[:1].upper() + text[1:] if text else text


def _low(text):
    return text[:1].lower() + text[1:] if text else text


def _count(rng, share):
    whole = int(share)
    return whole + (1 if rng.random() < share - whole else 0)


class _Builder:
    def __init__(self):
        self.rng = random.Random("kohtaamo-demo-services")
        self.providers = providers()
        self.places = P.place_specs(owners_by_town())
        self.places_by_town = defaultdict(list)
        for place in self.places:
            self.places_by_town[place.town].append(place)
        self.used = set()
        self.names = set()
        self.phone = 0

    # -- where and by whom --------------------------------------------------------------

    def targets(self, activity):
        """(town code or None, county, place or None, number) of each service to make."""
        rng = self.rng
        if activity.scope == "county":
            for county in COUNTIES:
                for n in range(int(activity.counts[0])):
                    fitting = [p for p in self.places if p.kind in activity.places
                               and P.TOWNS_BY_CODE[p.town].county == county]  # fmt: skip
                    place = rng.choice(fitting) if fitting else None
                    yield None, county, place, n
        elif activity.scope == "place":
            for place in self.places:
                if place.kind in activity.places:
                    county = P.TOWNS_BY_CODE[place.town].county
                    for n in range(_count(rng, activity.counts[0])):
                        yield place.town, county, place, f"{place.key.rsplit(':', 1)[1]}:{n}"
        else:
            for town in P.TOWNS:
                if activity.towns and town.code not in activity.towns:
                    continue
                share = activity.counts[SIZES.index(town.size)]
                for n in range(_count(rng, share)):
                    place = self.pick_place(activity, town.code)
                    if activity.places and place is None:
                        continue
                    yield town.code, town.county, place, n

    def pick_place(self, activity, town):
        fitting = [p for p in self.places_by_town[town] if p.kind in activity.places]
        if not fitting:
            return None
        weights = [len(activity.places) - activity.places.index(p.kind) for p in fitting]
        return self.rng.choices(fitting, weights)[0]

    def pick_provider(self, activity, town, county, place):
        wanted = set(activity.providers)
        candidates, weights = [], []
        for provider in self.providers.values():
            if not provider.tags & wanted:
                continue
            if "county" in provider.tags:
                weight = 3 if provider.county == county else 0
            elif "city" in provider.tags:
                weight = 6 if town and provider.home == town else 0
            elif "anywhere" in provider.tags:
                weight = 3
            else:
                weight = (6 if provider.home == town else 1) if provider.county == county else 0
            if place is not None and place.owner == provider.key:
                weight *= 4
            if weight:
                candidates.append(provider)
                weights.append(weight)
        return self.rng.choices(candidates, weights)[0] if candidates else None

    def pick_variant(self, activity, town, place):
        rng = self.rng
        variants = [v for v in activity.variants
                    if v.place_kind is None or (place and v.place_kind == place.kind)]  # fmt: skip
        # Every variant and group turns up once before chance takes over.
        unused = [v for v in variants if (activity.code, v.fi) not in self.used]
        unused_groups = [g for g in activity.groups if (activity.code, g) not in self.used]
        for _ in range(8):
            variant = unused[0] if unused else rng.choice(variants)
            group = variant.group or (unused_groups or [rng.choice(activity.groups)])[0]
            if (activity.code, town, variant.fi, group) not in self.used:
                break
        self.used.update({(activity.code, variant.fi), (activity.code, group)})
        self.used.add((activity.code, town, variant.fi, group))
        return variant, GROUPS[group]

    # -- one service ---------------------------------------------------------------------

    def build(self, activity, town, county, place, number):
        rng = self.rng
        provider = self.pick_provider(activity, town, county, place)
        if provider is None:
            return None
        variant, group = self.pick_variant(activity, town, place)
        if group.code == "care-home-residents" and place and place.kind != P.CARE_HOME:
            homes = [p for p in self.places_by_town[place.town] if p.kind == P.CARE_HOME]
            place = self.rng.choice(homes) if P.CARE_HOME in activity.places else place
        lifecycle = self.lifecycle(activity, county)
        rhythm = activity.rhythm
        sessions = rng.randint(15, 30) if rhythm == "series" else None
        saturday = activity.kind != "group" and group.code == "children-and-families"
        weekday = rng.choice((5,) if saturday and rng.random() < 0.3 else (0, 1, 2, 3, 4))
        low, high = activity.hours
        start = low + 30 * rng.randint(0, (high - low) // 30)
        slots = self.slots(activity, town, county, place, provider, variant, group, sessions)
        texts = {}
        texts["name_fi"] = _cap(self.fill(rng, activity.names, slots["fi"], place))
        if texts["name_fi"] in self.names:
            # Two services of one name would look like one listed twice.
            where = P.TOWNS_BY_CODE[town].name if town else P.COUNTY_NAMES[county][0]
            texts["name_fi"] += f" – {place.names[0] if place else where}"
        self.names.add(texts["name_fi"])
        texts["summary_fi"] = _cap(self.fill(rng, activity.summaries, slots["fi"], place))
        card = rng.random() < activity.card
        is_free, *prices = price_texts(rng, self.price_kind(activity), card)
        ref = slots["ref"]
        contact = self.contact(provider, texts["name_fi"])
        joins = join_texts(activity.join, ref=ref, **contact)
        schedules = schedule_texts(rhythm, weekday, start, activity.duration, sessions)
        texts["description_fi"] = self.description(
            activity, slots["fi"], group, provider, lifecycle, card, texts["summary_fi"]
        )
        keywords = [variant.keywords, GROUP_KEYWORDS.get(group.code, "")]
        if activity.code in REFERRAL_KINDS or activity.join == "referral":
            keywords.append(ref[0][0])
        if card:
            keywords.append("kaikukortti")
        words = (word.strip() for k in keywords for word in k.split(","))
        texts["keywords_fi"] = ", ".join(dict.fromkeys(word for word in words if word))
        wants = {"fi"}
        if activity.code == "swedish" or "swedish" in provider.tags or rng.random() < 0.32:
            wants.add("sv")
        if rng.random() < 0.15 or (group.code == "ethnic-minorities" and rng.random() < 0.5):
            wants.add("en")
        for i, lang in enumerate(LANGS):
            if lang not in wants:
                continue
            if lang != "fi":
                names = activity.names_sv if lang == "sv" else activity.names_en
                summary = activity.summary_sv if lang == "sv" else activity.summary_en
                texts[f"name_{lang}"] = _cap(self.fill(rng, names, slots[lang], place))
                texts[f"summary_{lang}"] = _cap(summary.format_map(slots[lang]))
                extras = [getattr(group, lang)] + ([CARD_SENTENCE[i]] if card else [])
                texts[f"description_{lang}"] = " ".join([texts[f"summary_{lang}"], *extras])
                texts[f"keywords_{lang}"] = ", ".join(
                    x for x in (_low(variant.sv if lang == "sv" else variant.en),
                                group.sv_for if lang == "sv" else group.en_for) if x
                )  # fmt: skip
            texts[f"how_to_join_{lang}"] = joins[i]
            texts[f"schedule_{lang}"] = schedules[i]
            if prices[i]:
                texts[f"price_{lang}"] = prices[i]
        for name, text in texts.items():
            limit = {"name": 200, "summary": 300, "price": 300, "keywords": 500}.get(
                name.rsplit("_", 1)[0], 5000
            )
            assert len(text) <= limit, (name, text)
        ages = self.ages(activity, variant, group)
        return ServiceSpec(
            key=f"demo:service:{activity.code}:{town or county}:{number}",
            activity=activity.code,
            provider=provider.key,
            kind=activity.kind,
            county=county,
            texts=texts,
            steps=self.steps(activity, lifecycle),
            art_forms=variant.art_forms,
            target_groups=tuple(dict.fromkeys(g for g in (group.code, *group.also) if g)),
            languages=self.languages(activity, group, provider, wants, town),
            accessibility=self.accessibility(activity, group, place),
            municipalities=self.municipalities(town, county, activity),
            places=(place.key,) if place else (),
            age_min=ages[0],
            age_max=ages[1],
            is_free=is_free,
            card_places=card,
            booking_url=contact["url"] if activity.join in ("booking", "request") else "",
            contact_phone=contact["phone"] if activity.join != "staff" else "",
            contact_email=contact["email"],
            lifecycle=lifecycle,
            funding=COUNTY_FACTS.get((activity.code, county), (0, None))[1]
            or self.funding(provider, lifecycle, activity),
            quality=self.quality(activity, provider, group, lifecycle, place),
            rhythm=rhythm,
            weekday=weekday,
            start=start,
            duration=activity.duration,
            sessions=sessions,
            series_offset=rng.randint(-5, 3),
            capacity=(capacity := self.capacity(activity)),
            registration=self.registration(activity),
            referral_places=self.referral_places(activity, capacity),
        )

    def slots(self, activity, town, county, place, provider, variant, group, sessions):
        """What fills the patterns, per language."""
        ref = REFERRALS[county] if activity.referral is None else HOBBY_REFERRAL
        (noun, with_, genitive), ref_sv, ref_en = ref
        t = P.TOWNS_BY_CODE.get(town)
        loc = t.locative if t else P.COUNTY_LOCATIVES[county]
        town_names = ((t.name, P.SWEDISH_NAMES[t.code], t.name) if t
                      else P.COUNTY_NAMES[county])  # fmt: skip
        place_names = [(place.names[i] or place.names[0]) if place else "" for i in range(3)]
        common = {"sessions": sessions or "", "noun": variant.fi, "noun_l": _low(variant.fi)}
        fi = {
            **common, "doing": variant.doing, "for": group.fi_for, "gen": group.fi_gen,
            "loc": loc, "place": place.locative if place else loc, "place_name": place_names[0],
            "ref": noun, "Ref": _cap(noun), "ref_with": with_, "Ref_with": _cap(with_),
            "ref_gen": genitive, "provider": provider.names[0], "carer": group.carer[0],
        }  # fmt: skip
        other = {}
        for i, lang, noun_text, ref_text, for_text in (
            (1, "sv", variant.sv, ref_sv, group.sv_for),
            (2, "en", variant.en, ref_en, group.en_for),
        ):
            other[lang] = {
                **common, "noun": noun_text, "noun_l": _low(noun_text), "for": for_text,
                "town": town_names[i], "place_name": place_names[i], "ref": ref_text,
                "carer": group.carer[i],
            }  # fmt: skip
        return {"fi": fi, **other, "ref": ref}

    @staticmethod
    def fill(rng, patterns, slots, place):
        usable = [p for p in patterns
                  if (slots.get("gen") != "" or "{gen}" not in p)
                  and (place is not None or "{place_name}" not in p)]  # fmt: skip
        return rng.choice(usable or patterns).format_map(slots)

    def description(self, activity, slots, group, provider, lifecycle, card, summary):
        rng = self.rng
        body = [s.format_map(slots) for s in activity.body]
        chosen = sorted(rng.sample(range(len(body)), min(len(body), rng.choice((2, 2, 3)))))
        first = " ".join([summary, *(body[i] for i in chosen)])
        # The group sentences speak of a group meeting somewhere; visits and services
        # without a group get only those that fit them too.
        fits = activity.kind in GROUP_KINDS or group.code in GROUPS_FOR_EVERY_KIND
        second = [group.fi] if fits else []
        leader = LEADER_SENTENCES.get(provider.kind)
        if leader and activity.code not in ("card-venue", "culture-card"):
            second.append(leader.format_map(slots))
        if activity.code not in REFERRAL_KINDS and 2 in activity.steps and rng.random() < 0.3:
            second.append(REFERRAL_SENTENCE.format_map(slots))
        if card and activity.code not in ("card-venue", "culture-card"):
            second.append(CARD_SENTENCE[0])
        if lifecycle == "pilot":
            second.append(PILOT_SENTENCE)
        second.append(rng.choice(CLOSINGS))
        return first + "\n\n" + " ".join(s for s in second if s)

    # -- classification -----------------------------------------------------------------

    def lifecycle(self, activity, county):
        if (activity.code, county) in COUNTY_FACTS:
            return COUNTY_FACTS[activity.code, county][0]
        if activity.code in ("ambulance-art", "residency") and self.rng.random() < 0.6:
            return "pilot"
        names, weights = zip(*LIFECYCLES, strict=True)
        return self.rng.choices(names, weights)[0]

    def steps(self, activity, lifecycle):
        steps = activity.steps
        # Art becomes a permanent part of care only once the model is established.
        if 5 in steps and len(steps) > 1 and lifecycle != "established":
            steps = tuple(s for s in steps if s != 5)
        return steps

    def price_kind(self, activity):
        kind = activity.price
        if kind in ("session", "group") and self.rng.random() < 0.5:
            return "free"
        return kind

    def ages(self, activity, variant, group):
        if activity.code == "family-clinic":
            return 0, 6
        if activity.code == "culture-card":
            return 16, None
        if group.code is None or self.rng.random() < 0.25:
            return None, None
        low, high = group.ages
        if group.code == "young-people-at-risk":
            low, high = self.rng.choice(((13, 29), (15, 25), (16, 29), (13, 17)))
        return low, high

    def languages(self, activity, group, provider, wants, town):
        rng = self.rng
        languages = ["fi"]
        if activity.code == "swedish" or "swedish" in provider.tags:
            languages = ["sv", "fi"]
        elif "sv" in wants and rng.random() < 0.2:
            languages.append("sv")
        if group.code == "ethnic-minorities":
            languages += [*rng.sample(OTHER_LANGUAGES, rng.randint(2, 4)), "fi-plain"]
        elif group.code in ("memory-disorders", "people-with-disabilities") or (
            rng.random() < 0.08
        ):
            languages.append("fi-plain")
        if "en" in wants and town in ("297", "837", "609") and rng.random() < 0.5:
            languages.append("en")
        if activity.kind in ("performance", "museum_visit") and rng.random() < 0.1:
            languages.append("fse")
        return tuple(dict.fromkeys(languages))

    def accessibility(self, activity, group, place):
        rng = self.rng
        features = list(place.accessibility) if place else ["easy-language"]
        if group.code in ("memory-disorders", "people-with-disabilities", "ethnic-minorities"):
            features.append("easy-language")
        if activity.kind == "performance":
            features.append("companion-free")
            if rng.random() < 0.15:
                features.append("sign-language-interpretation")
        if group.code in ("memory-disorders", "mental-health-substance-rehabilitation"):
            features.append("sensory-friendly")
        return tuple(dict.fromkeys(features))

    def municipalities(self, town, county, activity):
        if town and activity.scope != "county":
            return (town,)
        return tuple(t.code for t in P.TOWNS if t.county == county)

    def funding(self, provider, lifecycle, activity):
        rng = self.rng
        kind = provider.kind
        K = Organisation.Kind
        sources = {
            K.WELLBEING_COUNTY: ["county"],
            K.MUNICIPALITY: ["municipal"],
            K.PARISH: ["other"],
            K.EDUCATION: ["municipal", "okm"],
            K.COMPANY: ["other"],
        }.get(kind)
        if kind == K.ASSOCIATION:
            sources = ["stea"] if rng.random() < 0.6 else ["municipal"]
            if rng.random() < 0.25:
                sources.append("taike")
        elif kind == K.ARTIST:
            sources = [rng.choice(("taike", "okm"))]
            if max(activity.steps) >= 4:
                sources.append("county")
        if lifecycle in ("pilot", "fixed_term") and rng.random() < 0.6:
            sources.append("rrf")
        if lifecycle == "pilot" and rng.random() < 0.15:
            sources.append("eu-esr")
        return tuple(dict.fromkeys(sources or ["other"]))

    def quality(self, activity, provider, group, lifecycle, place):
        rng = self.rng
        met = [c for c in ("goals", "target_group") if rng.random() < 0.8]
        steps = activity.steps
        if provider.kind in ("artist", "education", "company") or max(steps) >= 3:
            met.append("professionals")
        if max(steps) >= 4:
            met.append("cooperation")
        if place is not None and len(place.accessibility) >= 4:
            met.append("accessibility")
        if max(steps) >= 3 or group.code in ("children-and-families", "care-home-residents"):
            met.append("safety")
        if activity.join == "referral" or rng.random() < 0.5:
            met.append("feedback")
        if 5 in steps or (lifecycle == "established" and rng.random() < 0.35):
            met.append("evaluation")
        return tuple(met)

    def capacity(self, activity):
        rng = self.rng
        if activity.kind == "performance":
            return rng.choice((80, 120, 200, 300))
        if activity.rhythm in ("open", "request", "visits"):
            return None
        return rng.choice((8, 10, 12, 14, 16, 20))

    def referral_places(self, activity, capacity):
        """Places kept for referred clients: a referral group is all of them (at most ten,
        as its texts say); a hobby referral course keeps a few free places a term."""
        if activity.code == "referral-group":
            return min(capacity or 10, 10)
        if activity.code == "hobby-referral":
            return 4
        return None

    def registration(self, activity):
        if activity.join in ("booking", "referral") or activity.kind == "course":
            return "required"
        return "recommended" if activity.rhythm == "monthly" else "none"

    def contact(self, provider, name):
        self.phone += 1
        return {
            "url": f"https://{provider.domain}/ilmoittaudu/{slugify(name)[:60]}",
            "phone": f"+358 40 000 0{self.phone % 1000:03d}",
            "email": f"kulttuuri@{provider.domain}",
        }


def service_specs():
    """Every demo service, in a fixed order, with its status decided."""
    builder = _Builder()
    specs = []
    for activity in ACTIVITIES:
        for town, county, place, number in builder.targets(activity):
            spec = builder.build(activity, town, county, place, number)
            if spec is not None:
                specs.append(spec)
    rng = random.Random("kohtaamo-demo-statuses")
    for spec in specs:
        roll = rng.random()
        if (spec.lifecycle == "planned" and roll < 0.3) or 0.88 <= roll < 0.95:
            spec.status = "draft"
        elif roll >= 0.95:
            spec.status = "archived"
        spec.calendar = spec.status == "published" and (
            spec.rhythm in ("monthly", "series")
            or (spec.rhythm == "biweekly" and rng.random() < 0.5)
            or (spec.rhythm == "weekly" and rng.random() < 0.3)
        )
    # Two published association services were taken off the catalogue by a coordinator.
    moderated = [s for s in specs if s.status == "published"][7::211][: len(MODERATION_REASONS)]
    for spec, reason in zip(moderated, MODERATION_REASONS, strict=False):
        spec.status, spec.moderation_reason, spec.calendar = "draft", reason, False
    return specs
