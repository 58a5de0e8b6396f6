"""Re-index what a change touches, in the same transaction as the change.

``bulk_create`` and ``QuerySet.update`` send no signals: bulk loaders call
``index.index_documents`` themselves (see the ``index`` module).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from kohtaamo.accounts.models import Organisation
from kohtaamo.catalogue.models import Event, Place, Service

from .index import RELATED_CODE, schedule

KIND_OF = {Service: "service", Event: "event"}


@receiver(post_save, sender=Service, dispatch_uid="search_service_saved")
def service_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    schedule("service", [instance.pk])
    # Events without texts of their own show (and are found by) their service's texts.
    schedule("event", list(instance.events.values_list("pk", flat=True)))


@receiver(post_save, sender=Event, dispatch_uid="search_event_saved")
def event_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule("event", [instance.pk])


@receiver(pre_delete, sender=Service, dispatch_uid="search_service_deleting")
def service_deleting(sender, instance, **kwargs):
    # Its events lose their service (SET_NULL, no signals): remember them now.
    instance._search_event_ids = list(instance.events.values_list("pk", flat=True))


@receiver(post_delete, sender=Service, dispatch_uid="search_service_deleted")
def service_deleted(sender, instance, **kwargs):
    schedule("service", [instance.pk])
    schedule("event", getattr(instance, "_search_event_ids", []))


@receiver(post_delete, sender=Event, dispatch_uid="search_event_deleted")
def event_deleted(sender, instance, **kwargs):
    schedule("event", [instance.pk])


def _offerings_of_place(place):
    return (
        list(place.services.values_list("pk", flat=True)),
        list(place.events.values_list("pk", flat=True)),
    )


@receiver(post_save, sender=Place, dispatch_uid="search_place_saved")
def place_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    services, events = _offerings_of_place(instance)
    schedule("service", services)
    schedule("event", events)


@receiver(pre_delete, sender=Place, dispatch_uid="search_place_deleting")
def place_deleting(sender, instance, **kwargs):
    instance._search_offerings = _offerings_of_place(instance)


@receiver(post_delete, sender=Place, dispatch_uid="search_place_deleted")
def place_deleted(sender, instance, **kwargs):
    services, events = getattr(instance, "_search_offerings", ([], []))
    schedule("service", services)
    schedule("event", events)


@receiver(post_save, sender=Organisation, dispatch_uid="search_organisation_saved")
def organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    # A provider's name is searchable on its services and events.
    if raw or created:
        return
    schedule("service", list(instance.services.values_list("pk", flat=True)))
    schedule("event", list(instance.events.values_list("pk", flat=True)))


def _m2m_changed(kind, field_name):
    model = Service if kind == "service" else Event

    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if not reverse:
            if action in ("post_add", "post_remove", "post_clear"):
                schedule(kind, [instance.pk])
            return
        # Changed from the other side (art_form.service_set.add(...)): pk_set are ours.
        if action == "pre_clear":
            related = model.objects.filter(**{field_name: instance})
            setattr(instance, f"_search_cleared_{kind}", list(related.values_list("pk", flat=True)))
        elif action == "post_clear":
            schedule(kind, getattr(instance, f"_search_cleared_{kind}", []))
        elif action in ("post_add", "post_remove"):
            schedule(kind, list(pk_set or ()))

    return handler


_handlers = []
for _model, _fields in (
    (Service, (*RELATED_CODE, "municipalities", "places")),
    (Event, tuple(RELATED_CODE)),
):
    for _field in _fields:
        _handler = _m2m_changed(KIND_OF[_model], _field)
        _handlers.append(_handler)  # signals keep weak references
        m2m_changed.connect(
            _handler,
            sender=getattr(_model, _field).through,
            dispatch_uid=f"search_{KIND_OF[_model]}_{_field}",
        )
