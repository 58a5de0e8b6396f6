"""The instruments Kohtaamo ships: free to use, installed by migrate and ``load_instruments``.

Only instruments whose use is free (with a citation) are here. Licensed ones (WEMWBS,
SWEMWBS, EQ-5D, THL's participation indicator) are entered in the admin by an operator
who holds the licence; only their scoring rule is in :mod:`.scoring`.

The English wording of ONS4, the UCLA 3-item scale and the direct loneliness question is
the original. The Finnish and Swedish wordings are Kohtaamo's own translations (no
official Finnish or Swedish version was at hand), so those items are marked as
unofficial translations; a county that adopts an official wording makes a new version.

Installing is idempotent and never changes an instrument that exists: an instrument is
matched by key and version, and a change of wording ships as a new version.
"""

from typing import Any

from django.apps import apps as django_apps
from django.db import transaction


def _t(fi, sv, en):
    return {"fi": fi, "sv": sv, "en": en}


SCALES: list[dict[str, Any]] = [
    {
        "code": "zero-to-ten",
        "minimum": 0,
        "maximum": 10,
        "labels": {
            "0": _t("ei lainkaan", "inte alls", "not at all"),
            "10": _t("täysin", "helt och hållet", "completely"),
        },
    },
    {
        "code": "ucla-three-point",
        "minimum": 1,
        "maximum": 3,
        "labels": {
            "1": _t("Tuskin koskaan", "Nästan aldrig", "Hardly ever"),
            "2": _t("Joskus", "Ibland", "Some of the time"),
            "3": _t("Usein", "Ofta", "Often"),
        },
    },
    {
        # Stored so that a larger number is lonelier, as in the UCLA items; the ONS
        # codes the same answers the other way round.
        "code": "lonely-frequency",
        "minimum": 1,
        "maximum": 5,
        "labels": {
            "1": _t("En koskaan", "Aldrig", "Never"),
            "2": _t("Tuskin koskaan", "Nästan aldrig", "Hardly ever"),
            "3": _t("Silloin tällöin", "Då och då", "Occasionally"),
            "4": _t("Joskus", "Ibland", "Some of the time"),
            "5": _t("Usein tai aina", "Ofta eller alltid", "Often or always"),
        },
    },
    {
        "code": "faces-five",
        "minimum": 1,
        "maximum": 5,
        "labels": {
            "1": _t("Tosi huonolta", "Mycket dåligt", "Very bad"),
            "2": _t("Huonolta", "Dåligt", "Bad"),
            "3": _t("Ei hyvältä eikä huonolta", "Varken bra eller dåligt", "Neither good nor bad"),
            "4": _t("Hyvältä", "Bra", "Good"),
            "5": _t("Tosi hyvältä", "Mycket bra", "Very good"),
        },
    },
    {
        "code": "satisfaction-five",
        "minimum": 1,
        "maximum": 5,
        "labels": {
            "1": _t("Erittäin tyytymätön", "Mycket missnöjd", "Very dissatisfied"),
            "2": _t("Melko tyytymätön", "Ganska missnöjd", "Fairly dissatisfied"),
            "3": _t("En tyytyväinen enkä tyytymätön", "Varken nöjd eller missnöjd", "Neither"),
            "4": _t("Melko tyytyväinen", "Ganska nöjd", "Fairly satisfied"),
            "5": _t("Erittäin tyytyväinen", "Mycket nöjd", "Very satisfied"),
        },
    },
]

_ONS_SOURCE = (
    "Office for National Statistics (ONS), Personal well-being in the UK: the four "
    "ONS4 questions (Annual Population Survey, since 2011). Personal well-being user "
    "guidance, ONS."
)
_UCLA_SOURCE = (
    "Hughes, M. E., Waite, L. J., Hawkley, L. C. & Cacioppo, J. T. (2004). A short scale "
    "for measuring loneliness in large surveys. Research on Aging 26(6), 655-672; adapted "
    "from the Revised UCLA Loneliness Scale (Russell, Peplau & Cutrona 1980). The direct "
    "question: ONS national measures of loneliness (2018)."
)

INSTRUMENTS: list[dict[str, Any]] = [
    {
        "key": "ons4",
        "version": "1",
        "name": _t(
            "Henkilökohtainen hyvinvointi (ONS4)",
            "Personligt välbefinnande (ONS4)",
            "Personal well-being (ONS4)",
        ),
        "intro": _t(
            "Vastaa asteikolla 0–10, jossa 0 on ”ei lainkaan” ja 10 ”täysin”.",
            "Svara på en skala 0–10, där 0 är ”inte alls” och 10 ”helt och hållet”.",
            "Answer on a scale of 0 to 10, where 0 is 'not at all' and 10 is 'completely'.",
        ),
        "source": _ONS_SOURCE,
        "licence_note": (
            "Free to use with a citation of the ONS as the source. Finnish and Swedish "
            "wording: Kohtaamo's unofficial translation."
        ),
        "original_language": "en",
        "scoring": "ons4",
        "items": [
            (
                "life_satisfaction",
                "zero-to-ten",
                _t(
                    "Kuinka tyytyväinen olet kaiken kaikkiaan elämääsi nykyään?",
                    "Hur nöjd är du överlag med ditt liv nuförtiden?",
                    "Overall, how satisfied are you with your life nowadays?",
                ),
            ),
            (
                "worthwhile",
                "zero-to-ten",
                _t(
                    "Missä määrin koet kaiken kaikkiaan, että asiat, joita teet elämässäsi, "
                    "ovat vaivan arvoisia?",
                    "I vilken utsträckning känner du överlag att det du gör i ditt liv är "
                    "värt besväret?",
                    "Overall, to what extent do you feel that the things you do in your "
                    "life are worthwhile?",
                ),
            ),
            (
                "happiness",
                "zero-to-ten",
                _t(
                    "Kuinka onnelliseksi tunsit itsesi eilen kaiken kaikkiaan?",
                    "Hur lycklig kände du dig överlag i går?",
                    "Overall, how happy did you feel yesterday?",
                ),
            ),
            (
                "anxiety",
                "zero-to-ten",
                _t(
                    "Kuinka ahdistuneeksi tunsit itsesi eilen kaiken kaikkiaan? "
                    "(0 = en lainkaan ahdistuneeksi, 10 = täysin ahdistuneeksi)",
                    "Hur ängslig kände du dig överlag i går? "
                    "(0 = inte alls ängslig, 10 = helt och hållet ängslig)",
                    "On a scale where 0 is 'not at all anxious' and 10 is 'completely "
                    "anxious', overall, how anxious did you feel yesterday?",
                ),
            ),
        ],
    },
    {
        "key": "ucla3",
        "version": "1",
        "name": _t(
            "Yksinäisyys (UCLA, kolme kysymystä) ja suora kysymys",
            "Ensamhet (UCLA, tre frågor) och den direkta frågan",
            "Loneliness (UCLA 3-item) and the direct question",
        ),
        "intro": _t(
            "Seuraavat kysymykset koskevat sitä, miltä sinusta tuntuu.",
            "Följande frågor handlar om hur du känner dig.",
            "The next questions are about how you feel.",
        ),
        "source": _UCLA_SOURCE,
        "licence_note": (
            "Free to use in research and services with a citation of Hughes et al. (2004) "
            "and of the ONS for the direct question. Finnish and Swedish wording: "
            "Kohtaamo's unofficial translation."
        ),
        "original_language": "en",
        "scoring": "ucla3",
        "items": [
            (
                "lack_companionship",
                "ucla-three-point",
                _t(
                    "Kuinka usein tunnet, että sinulta puuttuu seuraa?",
                    "Hur ofta känner du att du saknar sällskap?",
                    "How often do you feel that you lack companionship?",
                ),
            ),
            (
                "left_out",
                "ucla-three-point",
                _t(
                    "Kuinka usein tunnet itsesi ulkopuoliseksi?",
                    "Hur ofta känner du dig utanför?",
                    "How often do you feel left out?",
                ),
            ),
            (
                "isolated",
                "ucla-three-point",
                _t(
                    "Kuinka usein tunnet olevasi eristyksissä muista?",
                    "Hur ofta känner du dig isolerad från andra?",
                    "How often do you feel isolated from others?",
                ),
            ),
            (
                "lonely",
                "lonely-frequency",
                _t(
                    "Kuinka usein tunnet itsesi yksinäiseksi?",
                    "Hur ofta känner du dig ensam?",
                    "How often do you feel lonely?",
                ),
            ),
        ],
    },
    {
        "key": "faces",
        "version": "1",
        "name": _t("Mielialakasvot", "Humörgubbar", "Faces mood check"),
        "intro": _t("", "", ""),
        "source": "Kohtaamo (a one-question mood check with five faces, used after sessions).",
        "licence_note": "Kohtaamo's own, under the project's licence (EUPL-1.2).",
        "original_language": "fi",
        "scoring": "faces",
        "items": [
            (
                "mood",
                "faces-five",
                _t(
                    "Miltä sinusta tuntuu juuri nyt?",
                    "Hur mår du just nu?",
                    "How do you feel right now?",
                ),
            ),
        ],
    },
    {
        "key": "experience",
        "version": "1",
        "name": _t("Asiakaskokemus", "Kundupplevelse", "Customer experience"),
        "intro": _t(
            "Kerro, millainen kokemus sinulla oli. Vastaaminen on vapaaehtoista.",
            "Berätta hur du upplevde det. Det är frivilligt att svara.",
            "Tell us how it was for you. Answering is voluntary.",
        ),
        "source": "Kohtaamo (a short customer-experience form; counties adapt their own copy).",
        "licence_note": "Kohtaamo's own, under the project's licence (EUPL-1.2).",
        "original_language": "fi",
        "scoring": "per_item",
        "configurable": True,
        "items": [
            (
                "satisfaction",
                "satisfaction-five",
                _t(
                    "Kuinka tyytyväinen olit kaiken kaikkiaan?",
                    "Hur nöjd var du överlag?",
                    "Overall, how satisfied were you?",
                ),
            ),
            (
                "did_good",
                "satisfaction-five",
                _t(
                    "Kuinka tyytyväinen olet siihen, mitä toiminta antoi sinulle?",
                    "Hur nöjd är du med vad verksamheten gav dig?",
                    "How satisfied are you with what the activity gave you?",
                ),
            ),
            (
                "comment",
                None,
                _t(
                    "Mitä muuta haluat kertoa?",
                    "Vad vill du berätta mer?",
                    "What else would you like to tell us?",
                ),
            ),
        ],
    },
]


def install(apps: Any = django_apps) -> dict[str, int]:
    """Create the scales and instruments that are missing (matched by code, and by key
    and version); leave every existing one as it is. Returns how many were created."""
    Scale = apps.get_model("outcomes", "AnswerScale")
    Instrument = apps.get_model("outcomes", "Instrument")
    Item = apps.get_model("outcomes", "Item")
    created = {"scales": 0, "instruments": 0}
    with transaction.atomic():
        scales = {}
        for spec in SCALES:
            scale, made = Scale.objects.get_or_create(
                code=spec["code"],
                defaults={
                    "minimum": spec["minimum"],
                    "maximum": spec["maximum"],
                    "labels": spec["labels"],
                },
            )
            scales[scale.code] = scale
            created["scales"] += made
        for spec in INSTRUMENTS:
            if Instrument.objects.filter(key=spec["key"], version=spec["version"]).exists():
                continue
            instrument = Instrument.objects.create(
                key=spec["key"],
                version=spec["version"],
                **{f"name_{code}": text for code, text in spec["name"].items()},
                **{f"intro_{code}": text for code, text in spec["intro"].items()},
                source=spec["source"],
                licence_note=spec["licence_note"],
                original_language=spec["original_language"],
                languages=["fi", "sv", "en"],
                scoring=spec["scoring"],
                shipped=True,
                configurable=spec.get("configurable", False),
            )
            for order, (code, scale_code, texts) in enumerate(spec["items"], start=1):
                Item.objects.create(
                    instrument=instrument,
                    order=order,
                    code=code,
                    kind="scale" if scale_code else "text",
                    scale=scales[scale_code] if scale_code else None,
                    **{f"text_{lang}": text for lang, text in texts.items()},
                    unofficial_translation=spec["original_language"] == "en",
                    scored=scale_code is not None,
                )
            created["instruments"] += 1
    return created
