"""Lists are deleted 90 days after their last change, by a command run daily."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kohtaamo.lists.models import ListItem, PersonalList
from tests.catalogue import content
from tests.lists.conftest import professional

pytestmark = pytest.mark.django_db


def aged(personal_list, days):
    PersonalList.objects.filter(pk=personal_list.pk).update(
        updated_at=timezone.now() - timedelta(days=days)
    )


def test_purge_deletes_lists_untouched_for_90_days_with_their_items():
    owner = professional()
    old = PersonalList.objects.create(owner=owner)
    ListItem.objects.create(personal_list=old, service=content.service(), position=0)
    recent = PersonalList.objects.create(owner=owner)
    aged(old, 91)
    aged(recent, 89)

    out = StringIO()
    call_command("purge_personal_lists", stdout=out)

    assert list(PersonalList.objects.all()) == [recent]
    assert not ListItem.objects.exists()
    assert "Deleted 1" in out.getvalue()


def test_changing_a_list_restarts_its_90_days(pro):
    person, client = pro
    personal_list = PersonalList.objects.create(owner=person)
    aged(personal_list, 80)
    client.post("/en/lists/add/", {"service": content.service().pk})
    client.post(f"/en/lists/{personal_list.pk}/", {"note": "", "language": "fi"})
    personal_list.refresh_from_db()
    assert timezone.now() - personal_list.updated_at < timedelta(minutes=1)
    call_command("purge_personal_lists", stdout=StringIO())
    assert PersonalList.objects.filter(pk=personal_list.pk).exists()
