"""Wagtail's default page workflow, "Moderators approval", in Chinese and working: its
task reviewed by the reviewers' group (审核员) rather than Wagtail's starter group
"Moderators", which Lantian's roles replace (core.roles.ensure_roles removes it). And the
page tree's and the collections' root, which Wagtail names "Root", in Chinese too."""

from django.db import migrations

WAGTAIL_DEFAULT = "Moderators approval"
WORKFLOW = "页面发布审核"
TASK = "审核员审核"
REVIEWERS = "审核员"  # core.roles.GROUP_NAMES[Role.REVIEWER], fixed here as migrations are
STARTER_GROUPS = {"Moderators", "Editors"}
ROOT = "根目录"  # portal.services.TREE_ROOT


def back_office_in_chinese(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    for task in GroupApprovalTask.objects.using(db).filter(name=WAGTAIL_DEFAULT):
        task.name = TASK
        task.save(update_fields=["name"])
        if set(task.groups.values_list("name", flat=True)) <= STARTER_GROUPS:
            reviewers, _created = Group.objects.using(db).get_or_create(name=REVIEWERS)
            task.groups.set([reviewers])
    Workflow.objects.using(db).filter(name=WAGTAIL_DEFAULT).update(name=WORKFLOW)
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.using(db).filter(depth=1, title="Root").update(title=ROOT, draft_title=ROOT)
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.using(db).filter(depth=1, name="Root").update(name=ROOT)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_auditlogentry"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(back_office_in_chinese, migrations.RunPython.noop)]
