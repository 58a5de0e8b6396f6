"""A service imported from PTV with texts in the Sámi languages, read in a browser in
Finnish and Swedish: each Sámi text is shown under its language's name and marked with
its own ``lang``, and the page passes the checks every page passes."""

import os

import pytest
from playwright.sync_api import expect

from kohtaamo.catalogue.models import Service
from tests.e2e.checks import E2E, check_page
from tests.interop.importing import ETALUKIO, import_ptv, mark_relevant, write_json
from tests.interop.sami import SAMI, sami_record

pytestmark = E2E

NAMES = {
    "fi": {"se": "Pohjoissaame", "smn": "Inarinsaame", "sms": "Koltansaame"},
    "sv": {"se": "Nordsamiska", "smn": "Enaresamiska", "sms": "Skoltsamiska"},
}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_sami_texts_on_the_service_page(page, language, tmp_path):
    mark_relevant("P6")
    import_ptv(write_json(tmp_path, "sami.json", sami_record()))
    service = Service.objects.get(external_id=ETALUKIO)

    page.goto(f"/{language}/services/{service.pk}/")

    section = page.locator("section.sami-texts")
    expect(section).to_be_visible()
    for code, (name, summary, description) in SAMI.items():
        heading = section.locator(f"#sami-{code}")
        expect(heading).to_have_text(NAMES[language][code])
        marked = section.locator(f"[lang='{code}']")
        expect(marked).to_contain_text(name)
        expect(marked).to_contain_text(summary)
        expect(marked).to_contain_text(description)
    check_page(page, language)
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/sami-{language}.png", full_page=True)
