"""The classification mapping the data migration starts from. Coordinators edit it in
the admin afterwards; seeding again adds missing rows and never changes edited ones.

Service classes are PTV's ``ptvserclass2`` codes (P25 Culture and its subclasses, the
default import); ontology terms are matched by their Finnish word, as PTV gives KOKO
and YSO terms with labels; keywords are the YSO ids Linked Events uses.
"""

EXPERIENCING = "experiencing"
OWN_ACTIVITY = "own-activity"

# (scheme, code, label, relevant, art forms, target groups, steps)
ROWS = [
    ("ptv_service_class", "P25", "Kulttuuri", True, [], [], [EXPERIENCING]),
    ("ptv_service_class", "P25.1", "Kirjastot", True, ["literature"], [], [EXPERIENCING]),
    ("ptv_service_class", "P25.2", "Taiteet", True, ["multidisciplinary"], [], [EXPERIENCING]),
    ("ptv_service_class", "P25.3", "Museot", True, ["cultural-heritage"], [], [EXPERIENCING]),
    ("ptv_service_class", "P25.4", "Arkistot", True, ["cultural-heritage"], [], [EXPERIENCING]),
    ("ptv_service_class", "P25.5", "Vapaa-ajan palvelut", True, [], [], [OWN_ACTIVITY]),
    ("ptv_service_class", "P25.6", "Uskonnot ja elämänkatsomukset", True, [], [], [EXPERIENCING]),
    (
        "ptv_service_class",
        "P25.7",
        "Vapaa sivistystyö ja taidekasvatus",
        True,
        [],
        [],
        [OWN_ACTIVITY],
    ),
    (
        "ptv_target_group",
        "KR1.2",
        "Lapset ja lapsiperheet",
        False,
        [],
        ["children-and-families"],
        [],
    ),
]

ONTOLOGY_WORDS = [
    ("kulttuuri", []),
    ("kulttuuripalvelut", []),
    ("taide", ["multidisciplinary"]),
    ("taidekasvatus", []),
    ("musiikki", ["music"]),
    ("konsertit", ["music"]),
    ("teatteri", ["theatre"]),
    ("tanssi", ["dance"]),
    ("kuvataide", ["visual-arts"]),
    ("näyttelyt", ["visual-arts"]),
    ("kirjallisuus", ["literature"]),
    ("kirjastot", ["literature"]),
    ("elokuvat", ["film"]),
    ("valokuvaus", ["photography"]),
    ("sirkus", ["circus"]),
    ("käsityö", ["crafts"]),
    ("muotoilu", ["design"]),
    ("arkkitehtuuri", ["architecture"]),
    ("museot", ["cultural-heritage"]),
    ("kulttuuriperintö", ["cultural-heritage"]),
    ("sarjakuvat", ["comics"]),
    ("sanataide", ["word-art"]),
    ("yhteisötaide", ["community-art"]),
]
for _word, _forms in ONTOLOGY_WORDS:
    _step = OWN_ACTIVITY if _word == "taidekasvatus" else EXPERIENCING
    ROWS.append(("ontology_label", _word, _word, True, _forms, [], [_step]))

YSO_KEYWORDS = [
    ("yso:p1808", "musiikki", ["music"], []),
    ("yso:p2625", "teatteri", ["theatre"], []),
    ("yso:p1278", "tanssi", ["dance"], []),
    ("yso:p5121", "näyttelyt", ["visual-arts"], []),
    ("yso:p1235", "elokuvat", ["film"], []),
    ("yso:p8113", "kirjallisuus", ["literature"], []),
    ("yso:p2433", "ikääntyneet", [], ["older-people"]),
    ("yso:p4354", "lapset", [], ["children"]),
    ("yso:p11617", "nuoret", [], ["young-people"]),
    ("yso:p13050", "lapsiperheet", [], ["families"]),
]
for _code, _label, _forms, _groups in YSO_KEYWORDS:
    ROWS.append(
        (
            "yso_keyword",
            _code,
            _label,
            bool(_forms),
            _forms,
            _groups,
            [EXPERIENCING] if _forms else [],
        )
    )


def seed_mapping(apps):
    Mapping = apps.get_model("interop", "ClassificationMapping")
    ArtForm = apps.get_model("core", "ArtForm")
    TargetGroup = apps.get_model("core", "TargetGroup")
    WellbeingStep = apps.get_model("core", "WellbeingStep")
    created = 0
    for scheme, code, label, relevant, forms, groups, steps in ROWS:
        row, is_new = Mapping.objects.get_or_create(
            scheme=scheme, code=code, defaults={"label": label, "relevant": relevant}
        )
        if not is_new:
            continue
        created += 1
        row.art_forms.set(ArtForm.objects.filter(code__in=forms))
        row.target_groups.set(TargetGroup.objects.filter(code__in=groups))
        row.steps.set(WellbeingStep.objects.filter(code__in=steps))
    return created
