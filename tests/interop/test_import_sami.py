"""Service texts in the Sámi languages PTV carries (se, smn, sms) are kept on import and
shown on the service page, each marked with its language."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kohtaamo.catalogue.models import Service

from .importing import ETALUKIO, import_ptv, mark_relevant, write_json
from .sami import SAMI, sami_record

pytestmark = pytest.mark.django_db


def test_sami_texts_are_kept_on_import(tmp_path):
    mark_relevant("P6")
    path = write_json(tmp_path, "sami.json", sami_record())

    import_ptv(path)

    service = Service.objects.get(external_id=ETALUKIO)
    for language, (name, summary, description) in SAMI.items():
        assert service.sami_texts[language] == {
            "name": name,
            "summary": summary,
            "description": description,
        }
    # The same file again changes nothing.
    again = import_ptv(path)
    assert again.count("unchanged") >= 1 and again.count("updated") == 0


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_service_page_shows_sami_texts_with_their_language(tmp_path, language):
    mark_relevant("P6")
    import_ptv(write_json(tmp_path, "sami.json", sami_record()))
    service = Service.objects.get(external_id=ETALUKIO)

    with translation.override(language):
        url = reverse("catalogue:service", args=[service.pk])

    page = Client().get(url)

    assert page.status_code == 200
    html = page.content.decode()
    for code, (name, summary, description) in SAMI.items():
        block = html.split(f'lang="{code}"', 1)
        assert len(block) == 2, f"no element marked lang={code}"
        marked = block[1].split("</div>", 1)[0]
        assert name in marked and summary in marked and description in marked
