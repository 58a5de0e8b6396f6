import secrets

from django.db import migrations, models
from django.db.models import Q

# As in cards/codes.py when this migration was written: the codes given to the bookings
# that existed before short codes.
ALPHABET = "ACEFHJKMNPRTUXY34679"
LENGTH = 6


def give_codes(apps, schema_editor):
    Reservation = apps.get_model("cards", "Reservation")
    taken = {}
    for reservation in Reservation.objects.only("pk", "offer_id").order_by("pk").iterator():
        used = taken.setdefault(reservation.offer_id, set())
        code = None
        while code is None or code in used:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        used.add(code)
        Reservation.objects.filter(pk=reservation.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [("cards", "0002_reservation_children_capped")]

    operations = [
        migrations.AddField(
            model_name="reservation",
            name="code",
            field=models.CharField(
                default="", editable=False, max_length=8, verbose_name="booking code"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="reservation",
            constraint=models.UniqueConstraint(
                condition=Q(state__in=("reserved", "used")),
                fields=("offer", "code"),
                name="card_reservation_code_unique_in_offer",
            ),
        ),
    ]
