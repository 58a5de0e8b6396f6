"""E-mailing a list to a client: the PDF arrives in the client's language, and the
client's address is kept nowhere, not even in the audit log."""

import socket

import pytest
from django.core import mail
from django.db import connection
from pypdf import PdfReader

from kohtaamo.core import audit
from kohtaamo.core.models import AuditEvent
from kohtaamo.lists.models import ListItem, PersonalList
from tests.catalogue import content
from tests.catalogue.html import parse

pytestmark = pytest.mark.django_db

ADDRESS = "asiakas.testi@example.fi"


@pytest.fixture
def swedish_list(pro):
    person, _client = pro
    personal_list = PersonalList.objects.create(
        owner=person, language="sv", note="Hej och välkommen!"
    )
    service = content.service("Kuorolaulu", name_sv="Körsång", is_free=True)
    event = content.event("Iltakonsertti", name_sv="Kvällskonsert")
    ListItem.objects.create(personal_list=personal_list, service=service, position=0)
    ListItem.objects.create(personal_list=personal_list, event=event, position=1)
    return personal_list


def rows_containing(text):
    """Every row of every table in the database whose text columns contain ``text``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # SELECT * rather than the introspected columns: Django's SQLite introspection
            # cannot read a table with a CHECK (... IN (3, 6)) constraint.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                if any(text in str(value) for value in row if value is not None):
                    found.append((table, row))
    return found


def test_the_list_is_sent_as_a_pdf_in_the_clients_language_and_the_address_is_not_kept(
    pro, swedish_list
):
    person, client = pro
    page = parse(client.get(f"/en/lists/{swedish_list.pk}/email/"))
    assert page.by_id("id_address").attrs["autocomplete"] == "off"
    assert page.find("label", for_="id_consent")

    response = client.post(
        f"/en/lists/{swedish_list.pk}/email/", {"address": ADDRESS, "consent": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/lists/{swedish_list.pk}/"
    confirmation = client.get(response["Location"]).text
    assert "was sent" in confirmation and ADDRESS not in confirmation

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS]
    assert "Körsång" in message.body and "Kvällskonsert" in message.body
    assert "Kuorolaulu" not in message.body
    assert "Hej och välkommen!" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'lang="sv"' in html and "Körsång" in html

    ((filename, pdf, pdf_type),) = message.attachments
    assert pdf_type == "application/pdf" and filename.endswith(".pdf")
    reader = PdfReader(__import__("io").BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Körsång" in text and "Hej och välkommen!" in text

    # The address is nowhere in the database: not on the list, not in the audit log.
    assert rows_containing(ADDRESS) == []
    assert rows_containing("asiakas.testi") == []
    event = AuditEvent.objects.get(action="export", target_type="lists.personallist")
    assert event.target_id == str(swedish_list.pk)
    assert event.purpose == "e-mailed to client"
    assert event.actor_id == person.pk


def test_the_message_is_in_the_clients_language_not_the_professionals(pro, swedish_list):
    _person, client = pro
    client.post(f"/fi/lists/{swedish_list.pk}/email/", {"address": ADDRESS, "consent": "on"})
    finnish = PersonalList.objects.create(owner=swedish_list.owner, language="fi")
    ListItem.objects.create(
        personal_list=finnish, service=swedish_list.items.first().service, position=0
    )
    client.post(f"/sv/lists/{finnish.pk}/email/", {"address": ADDRESS, "consent": "on"})
    swedish_mail, finnish_mail = mail.outbox
    assert swedish_mail.subject != finnish_mail.subject
    assert 'lang="sv"' in swedish_mail.alternatives[0][0]
    assert 'lang="fi"' in finnish_mail.alternatives[0][0]
    assert "Kuorolaulu" in finnish_mail.body


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"address": "not-an-address", "consent": "on"}, "address"),
        ({"address": "", "consent": "on"}, "address"),
        ({"address": ADDRESS}, "consent"),
        ({"address": "a@b.fi\r\nBcc: x@y.fi", "consent": "on"}, "address"),
    ],
)
def test_a_bad_address_or_missing_consent_is_shown_next_to_the_field(
    pro, swedish_list, data, field
):
    _person, client = pro
    response = client.post(f"/en/lists/{swedish_list.pk}/email/", data)
    assert response.status_code == 200
    page = parse(response)
    assert page.by_id(f"id_{field}_error")
    assert page.find("div", cls="error-summary")
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="export").exists()


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_when_the_mail_server_fails_the_professional_is_told_and_nothing_is_kept(
    pro, swedish_list, settings
):
    _person, client = pro
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }
    response = client.post(
        f"/en/lists/{swedish_list.pk}/email/", {"address": ADDRESS, "consent": "on"}
    )
    assert response.status_code == 200
    page = parse(response)
    assert "not sent" in page.find("div", cls="error-summary").text
    # The form comes back empty: the address is not even kept in the page.
    assert ADDRESS not in response.text
    assert page.by_id("id_address").attrs.get("value") in (None, "")
    assert rows_containing(ADDRESS) == []
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_empty_list_cannot_be_sent(pro):
    person, client = pro
    personal_list = PersonalList.objects.create(owner=person)
    response = client.post(
        f"/en/lists/{personal_list.pk}/email/", {"address": ADDRESS, "consent": "on"}
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_professional_can_send_at_most_twenty_lists_an_hour(pro, swedish_list):
    person, client = pro
    url = f"/en/lists/{swedish_list.pk}/email/"
    # Nineteen lists sent earlier this hour (as the audit log remembers them) ...
    for _ in range(19):
        audit.record(audit.Action.EXPORT, swedish_list, actor=person, purpose="e-mailed to client")
    # ... so the twentieth goes, and the twenty-first waits.
    assert client.post(url, {"address": ADDRESS, "consent": "on"}).status_code == 302
    response = client.post(url, {"address": ADDRESS, "consent": "on"})
    assert response.status_code == 200
    assert "in the last hour" in parse(response).find("div", cls="error-summary").text
    assert len(mail.outbox) == 1
    assert ADDRESS not in response.text
