"""Rules of the import that need no file: coordinates, the mapping's class hierarchy,
HTML to text, and rows deleted here."""

import math

import pytest

from kohtaamo.catalogue.models import Service
from kohtaamo.interop.engine import Mapping
from kohtaamo.interop.geo import tm35fin_to_wgs84
from kohtaamo.interop.linkedevents import ident, plain_text
from kohtaamo.interop.models import ClassificationMapping, Scheme
from kohtaamo.interop.ptv_v11 import class_code

from .importing import ETALUKIO, import_ptv, mark_relevant


def _meridian_arc(latitude):
    """GRS80 meridian arc from the equator, by Simpson's rule (independent of the
    series the converter uses)."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    steps = 2000
    phi = math.radians(latitude)
    h = phi / steps

    def m(x):
        return a * (1 - e2) / (1 - e2 * math.sin(x) ** 2) ** 1.5

    total = m(0) + m(phi) + sum((4 if i % 2 else 2) * m(i * h) for i in range(1, steps))
    return total * h / 3


def test_national_grid_coordinates_become_degrees():
    # On the central meridian (27 E) the northing is the meridian arc times 0.9996.
    latitude, longitude = tm35fin_to_wgs84(_meridian_arc(61.5) * 0.9996, 500000)
    assert latitude == pytest.approx(61.5, abs=1e-7)
    assert longitude == pytest.approx(27.0, abs=1e-9)
    # A tenth of a degree east: the easting grows by k0 * N(phi) * cos(phi) * dlambda.
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    phi = math.radians(61.5)
    radius = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    easting = 500000 + 0.9996 * radius * math.cos(phi) * math.radians(0.1)
    latitude, longitude = tm35fin_to_wgs84(_meridian_arc(61.5) * 0.9996, easting)
    assert longitude == pytest.approx(27.1, abs=1e-6)
    assert latitude == pytest.approx(61.5, abs=1e-4)


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ({"code": "P25.2", "uri": "http://urn.fi/URN:NBN:fi:au:ptvl:v1234"}, "P25.2"),
        ({"newUri": "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P25.3"}, "P25.3"),
        ({"uri": "http://uri.suomi.fi/codelist/ptv/ptvserclass/code/P25"}, "P25"),
        (
            {"uri": "http://urn.fi/URN:NBN:fi:au:ptvl:v1062"},
            "http://urn.fi/URN:NBN:fi:au:ptvl:v1062",
        ),
    ],
)
def test_a_class_code_comes_from_the_code_the_new_address_or_the_old_one(entry, code):
    assert class_code(entry) == code


@pytest.mark.django_db
def test_a_subclass_falls_back_to_its_parent_row_unless_told_not_to():
    mapping = Mapping()
    assert mapping.lookup_class(Scheme.PTV_SERVICE_CLASS, "P25.2")["art_forms"] == {
        "multidisciplinary"
    }
    # No row of its own: P25.9 is covered by P25, which includes its subclasses.
    assert mapping.lookup_class(Scheme.PTV_SERVICE_CLASS, "P25.9")["relevant"] is True
    ClassificationMapping.objects.filter(code="P25").update(include_children=False)
    assert Mapping().lookup_class(Scheme.PTV_SERVICE_CLASS, "P25.9") is None
    assert Mapping().lookup_class(Scheme.PTV_SERVICE_CLASS, "P6") is None


def test_html_descriptions_become_paragraphs():
    html = "<p>Ensimmäinen&nbsp;kappale.</p><p>Toinen <b>lihava</b><br>rivi.</p><script>x</script>"
    assert plain_text(html) == "Ensimmäinen kappale.\n\nToinen lihava\nrivi."


def test_links_and_included_resources_give_the_same_id():
    assert ident({"@id": "https://api.example/v1/keyword/yso:p1808/"}) == "yso:p1808"
    assert ident({"id": "yso:p1808", "name": {"fi": "musiikki"}}) == "yso:p1808"


@pytest.mark.django_db
def test_a_service_deleted_here_is_not_brought_back():
    mark_relevant("P6")
    import_ptv()
    Service.objects.get(external_id=ETALUKIO).delete()

    run = import_ptv()

    assert not Service.objects.filter(external_id=ETALUKIO).exists()
    skipped = [p for p in run.problems if p["outcome"] == "skipped"]
    assert [p["id"] for p in skipped] == [ETALUKIO]
    assert run.count("failed") == 0
