# Log entries of booking objects read through a scoped proxy of Wagtail's ModelLogEntry; the
# labels already stored for appointments ("RDV-… · founder's name") become the reference only.

from django.db import migrations
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat


def appointment_labels_to_references(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    Appointment = apps.get_model("booking", "Appointment")
    content_type = ContentType.objects.filter(app_label="booking", model="appointment").first()
    if content_type is None:
        return
    reference = (
        Appointment.objects.annotate(logged_id=Cast("pk", CharField()))
        .filter(logged_id=OuterRef("object_id"))
        .values("reference")[:1]
    )
    LogEntry.objects.filter(content_type=content_type).update(
        label=Coalesce(Subquery(reference), Concat(Value("#"), "object_id"))
    )


class Migration(migrations.Migration):

    dependencies = [
        ('booking', '0007_outbox_obsolete'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='ScopedModelLogEntry',
            fields=[
            ],
            options={
                'verbose_name': 'model log entry',
                'verbose_name_plural': 'model log entries',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('wagtailcore.modellogentry',),
        ),
        migrations.RunPython(appointment_labels_to_references, migrations.RunPython.noop),
    ]
