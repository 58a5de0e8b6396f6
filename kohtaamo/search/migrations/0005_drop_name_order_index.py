"""No search orders by name any more (decision 0024): the name index only cost saves."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_sample_share_and_kind_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='document',
            name='search_doc_kind_name',
        ),
    ]
