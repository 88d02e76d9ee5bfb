from django.db import migrations, models


def number_serials(apps, schema_editor):
    Bill = apps.get_model("bills", "Bill")
    for bill in Bill.objects.only("pk", "number"):
        bill.serial = int(bill.number.rsplit("-", 1)[-1])
        bill.save(update_fields=["serial"])


class Migration(migrations.Migration):
    dependencies = [("bills", "0004_reports")]

    operations = [
        migrations.AddField(
            model_name="bill",
            name="serial",
            field=models.PositiveIntegerField(null=True, editable=False),
        ),
        migrations.RunPython(number_serials, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="bill",
            name="serial",
            field=models.PositiveIntegerField(
                editable=False, verbose_name="serial in the convocation"
            ),
        ),
        migrations.AddField(
            model_name="historicalbill",
            name="serial",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="serial in the convocation"
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="bill",
            constraint=models.UniqueConstraint(
                fields=("convocation", "serial"), name="bill_unique_serial"
            ),
        ),
    ]
