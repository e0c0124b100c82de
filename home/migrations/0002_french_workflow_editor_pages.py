"""Wagtail's default moderation workflow, « Moderators approval », sent editors' pages for
review to Wagtail's default « Moderators » group, which nobody belongs to; and its name showed
in English on every page editor (« Soumettre à Moderators approval »). Our editors publish
their pages themselves (accounts/groups.py): the workflow is deactivated and, should someone
turn it on again, it reads in French. The editors' page permissions move from the tree's root
to the home page (the page explorer then opens there)."""

from django.db import migrations

from accounts.groups import EDITORS_GROUP, editor_pages_grant

DEFAULT_NAME = "Moderators approval"
WORKFLOW_NAME = "Validation par la rédaction"
TASK_NAME = "Relecture"


def forwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for workflow in Workflow.objects.filter(name=DEFAULT_NAME):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.name = WORKFLOW_NAME
        workflow.active = False
        workflow.save(update_fields=["name", "active"])
    Task.objects.filter(name=DEFAULT_NAME).update(name=TASK_NAME)
    group = apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        editor_pages_grant(apps, group)


def backwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).update(name=DEFAULT_NAME)
    Workflow.objects.filter(name=WORKFLOW_NAME).update(name=DEFAULT_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
