from django.db import migrations, models


def forget_every_file(apps, schema_editor):
    # Going back, one address and data version may hold files of two releases, which the old
    # constraint forbids; they are only copies, built again on request or by publish_exports.
    apps.get_model("commitments", "PublishedExport").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0005_published_export"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="publishedexport",
            name="published_export_one_per_address_and_version",
        ),
        migrations.RunPython(migrations.RunPython.noop, reverse_code=forget_every_file),
        # Files kept before releases were told apart have none, so no release serves them again.
        migrations.AddField(
            model_name="publishedexport",
            name="release",
            field=models.CharField(db_default="", max_length=16),
        ),
        migrations.AddConstraint(
            model_name="publishedexport",
            constraint=models.UniqueConstraint(
                fields=("address", "data_token", "release"),
                name="published_export_one_per_address_version_and_release",
            ),
        ),
    ]
