from django.db import migrations


def seed(apps, schema_editor):
    from kohtaamo.interop.seed import seed_mapping

    seed_mapping(apps)


class Migration(migrations.Migration):
    dependencies = [("interop", "0001_initial"), ("core", "0002_reference_data")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
