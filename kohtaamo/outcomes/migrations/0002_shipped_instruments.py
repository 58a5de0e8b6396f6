from django.db import migrations


def install(apps, schema_editor):
    from kohtaamo.outcomes.shipped import install

    install(apps)


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
