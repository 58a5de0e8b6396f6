"""The index follows every change, and can be rebuilt or filled in bulk."""

import pytest
from django.core.management import call_command

from kohtaamo.catalogue.models import Event, Service
from kohtaamo.catalogue.services import change_status
from kohtaamo.search.index import deferred_indexing, index_documents
from kohtaamo.search.models import Document
from tests import factories
from tests.search.conftest import found, make_event, make_place, make_service

pytestmark = pytest.mark.django_db


def test_draft_and_archived_content_is_never_found():
    make_service("Museokierros", status="draft")
    make_service("Museokierros", status="archived")
    make_event("Museokierros", status="draft")
    assert found(q="museokierros") == []
    assert found("event", q="museokierros") == []
    assert found() == []


def test_renamed_service_is_found_by_its_new_name_only():
    service = make_service("Kuorolaulu")
    service.name_fi = "Tanssiaiset"
    service.save()
    assert found(q="kuorolaulu") == []
    assert found(q="tanssiaiset") == [service.pk]


def test_unpublished_service_disappears_and_comes_back():
    service = make_service("Kuorolaulu", summary_fi="Laulua", is_free=True, steps=[2])
    coordinator = factories.user(is_superuser=True)
    change_status(coordinator, service, "unpublish")
    assert found(q="kuorolaulu") == []
    change_status(coordinator, service, "publish")
    assert found(q="kuorolaulu") == [service.pk]


def test_deleted_content_disappears():
    service = make_service("Kuorolaulu")
    event = make_event("Kuorokonsertti")
    service.delete()
    event.delete()
    assert found(q="kuorolaulu") == []
    assert found("event", q="kuorokonsertti") == []
    assert Document.objects.count() == 0


def test_classification_changes_are_followed():
    service = make_service("Kuorolaulu", art_forms=["music"])
    service.art_forms.clear()
    assert found(art_form=["music"]) == []
    service.municipalities.set([factories.municipality("837")])
    assert found(municipality=["837"]) == [service.pk]
    assert found(municipality=["297"]) == []


def test_place_and_provider_renames_are_followed():
    hall = make_place("Musiikkitalo")
    organisation = factories.organisation(name_fi="Soittajat ry")
    service = make_service("Kurssi", places=[hall], organisation=organisation)
    concert = make_event("Konsertti", place=hall, organisation=organisation)
    hall.name_fi = "Konserttisali"
    hall.save()
    assert found(q="musiikkitalo") == []
    assert found(q="konserttisali") == [service.pk]
    assert found("event", q="konserttisali") == [concert.pk]
    organisation.name_fi = "Laulajat ry"
    organisation.save()
    assert found(q="laulajat") == [service.pk]
    assert found("event", q="soittajat") == []


def test_events_follow_their_services_texts():
    service = make_service("Sairaalaklovnit")
    visit = make_event("", service=service)
    service.name_fi = "Hoivaklovnit"
    service.save()
    assert found("event", q="hoivaklovni") == [visit.pk]
    assert found("event", q="sairaalaklovni") == []


def test_saving_one_service_writes_one_document(django_assert_max_num_queries):
    service = make_service("Kuorolaulu", art_forms=["music"], steps=[1])
    with django_assert_max_num_queries(30):
        service.save()
    assert Document.objects.filter(object_id=service.pk).count() == 1


def _bulk_services(count):
    organisation = factories.organisation()
    return Service.objects.bulk_create(
        Service(organisation=organisation, name_fi=f"Taidepaja {n}", status="published")
        for n in range(count)
    )


def test_bulk_created_content_is_found_after_index_documents():
    services = _bulk_services(30)
    assert found(q="taidepaja") == []
    assert index_documents("service", [s.pk for s in services]) == 30
    assert len(found(q="taidepajoihin")) == 30


def test_deferred_indexing_indexes_once_at_the_end():
    with deferred_indexing():
        service = make_service("Kuorolaulu", art_forms=["music"])
        assert found(q="kuorolaulu") == []
    assert found(q="kuorolaulu", art_form=["music"]) == [service.pk]


def test_deferred_indexing_indexes_nothing_when_the_block_fails():
    with pytest.raises(RuntimeError), deferred_indexing():
        make_service("Kuorolaulu")
        raise RuntimeError
    assert Document.objects.count() == 0


def test_rebuild_reproduces_the_same_results():
    make_service("Kulttuurilähete", municipalities=["297"], art_forms=["music"])
    make_service("Taidepajat nuorille", municipalities=["837"], is_free=True)
    make_service("Museon opastus", description_fi="Taidepaja museossa")
    make_event("Konsertti", days=3, card_places=2)
    make_event("Konsertti", days=1)
    questions = [
        ("service", {"q": "lähete"}),
        ("service", {"q": "taidepaja"}),
        ("service", {"free": True}),
        ("service", {"municipality": ["837", "297"]}),
        ("event", {"q": "konsertteihin"}),
        ("event", {"card": True}),
    ]
    before = [found(kind, **params) for kind, params in questions]
    Document.objects.all().delete()
    assert found(q="lähete") == []
    call_command("rebuild_search_index", verbosity=0)
    assert [found(kind, **params) for kind, params in questions] == before
    assert Document.objects.count() == Service.objects.count() + Event.objects.count()


def test_rebuild_indexes_content_that_was_bulk_created():
    services = _bulk_services(3)
    call_command("rebuild_search_index", verbosity=0)
    assert found(q="taidepaja") == [s.pk for s in reversed(services)]


def test_rebuild_drops_documents_of_content_changed_behind_its_back():
    service = make_service("Kuorolaulu")
    Service.objects.filter(pk=service.pk).update(status="archived")
    call_command("rebuild_search_index", verbosity=0)
    assert found(q="kuorolaulu") == []
