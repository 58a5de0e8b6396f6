"""Odd input to the buyers' pages never breaks them: huge ids, forged links, broken
numbers and dates, null bytes and over-long texts get a 4xx or the form again."""

import pytest

from tests import factories
from tests.buyers.conftest import buyer, provider
from tests.buyers.test_calls import client_for

pytestmark = pytest.mark.django_db

HUGE = "9" * 25

GETS = [
    f"/en/calls/{HUGE}/",
    f"/en/calls/{HUGE}/answers/",
    f"/en/calls/{HUGE}/edit/",
    "/en/calls/?page=x&own_page=-1&show=zzz",
    f"/en/alerts/stop/{HUGE}/",
    "/en/alerts/stop/a:b:c/",
    "/en/alerts/new/?q=%00",
    "/en/alerts/new/?age=999999999999999999999",
    "/en/favourites/?page=99999999999999999999",
    "/en/alerts/?page=0",
]
POSTS = [
    (f"/en/calls/{HUGE}/move/", {"move": "open"}),
    (f"/en/calls/{HUGE}/answer/", {"offer": "x"}),
    (f"/en/calls/{HUGE}/answers/move/", {"answer": HUGE, "move": "accept"}),
    ("/en/favourites/toggle/", {"service": HUGE}),
    ("/en/favourites/remove/", {"id": HUGE}),
    (f"/en/alerts/{HUGE}/", {"action": "off"}),
    ("/en/alerts/new/", {"name": "x", "query": "q=" + "a" * 3000}),
    ("/en/alerts/new/", {"name": "x" * 500, "query": "q=\x00"}),
    ("/en/calls/new/", {"title_fi": "\x00", "deadline": "99999-01-01", "behalf": "zz"}),
]


@pytest.mark.parametrize("role", ["buyer", "provider", "resident"])
def test_odd_input_gets_an_answer_not_an_error(role):
    person = {"buyer": buyer, "provider": provider, "resident": factories.user}[role]()
    client = client_for(person)
    for url in GETS:
        assert client.get(url).status_code < 500, url
    for url, data in POSTS:
        assert client.post(url, data).status_code < 500, url
