"""A PTV service with texts in the three Sámi languages, shared by the unit and browser
tests (the texts are short sample sentences written for these tests)."""

from .importing import ETALUKIO, ptv_records

SAMI = {
    "se": ("Neahttalogahat ollesolbmuide", "Logat lukio neahtas.", "Oahpahus lea neahtas."),
    "smn": ("Nettilohhâm rávisulmuid", "Lohhâ lukio neetist.", "Máttááttâs lii neetist."),
    "sms": ("Nettlookkâm rääʹjjoumi", "Lookk lukio neetist.", "Mättʼtõs lij neetist."),
}


def sami_record():
    record = ptv_records()[ETALUKIO]
    for language, (name, summary, description) in SAMI.items():
        record["serviceNames"].append({"language": language, "value": name, "type": "Name"})
        record["serviceDescriptions"] += [
            {"language": language, "value": summary, "type": "Summary"},
            {"language": language, "value": description, "type": "Description"},
        ]
    return record
