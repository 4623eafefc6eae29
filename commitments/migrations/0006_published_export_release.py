from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0005_published_export"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="publishedexport",
            name="published_export_one_per_address_and_version",
        ),
        # Files kept before releases were told apart have none, so no release serves them again.
        migrations.AddField(
            model_name="publishedexport",
            name="release",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="publishedexport",
            constraint=models.UniqueConstraint(
                fields=("address", "data_token", "release"),
                name="published_export_one_per_address_version_and_release",
            ),
        ),
    ]
