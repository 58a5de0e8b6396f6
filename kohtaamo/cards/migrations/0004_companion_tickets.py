from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0003_reservation_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="cardoffer",
            name="companion_places_offered",
            field=models.PositiveIntegerField(default=0, verbose_name="companion tickets offered"),
        ),
        migrations.AddField(
            model_name="cardoffer",
            name="companion_places_taken",
            field=models.PositiveIntegerField(default=0, verbose_name="companion tickets taken"),
        ),
        migrations.AddField(
            model_name="reservation",
            name="companion",
            field=models.BooleanField(default=False, verbose_name="with a companion"),
        ),
        migrations.AddConstraint(
            model_name="cardoffer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("companion_places_taken__gte", 0),
                    ("companion_places_taken__lte", models.F("companion_places_offered")),
                ),
                name="card_offer_companion_places_taken_within_offered",
            ),
        ),
    ]
