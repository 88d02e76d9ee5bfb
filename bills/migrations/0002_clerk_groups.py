"""The clerks' groups and what they may do in the admin (ARCHITECTURE.md section 3).

A clerk is a staff user in one or both groups: they see every model of chambers, deputies and
bills (with its history) and enter bills, votes, documents and bill events. Which chamber they
record for is decided by bills.services.authorize from the group names, not by these
permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The names of services.CLERK_GROUPS, frozen here as a migration must be; a test keeps them equal.
GROUPS = ("Majilis clerks", "Senate clerks")

VIEW_APPS = ("chambers", "deputies", "bills")
WRITE = {
    "bill": ("add", "change"),
    "vote": ("add", "change"),
    "document": ("add", "change"),
    "billevent": ("add",),
}


def _permissions(apps, using):
    # Permissions are normally created after migrate (post_migrate); the groups need them now.
    for label in VIEW_APPS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0, using=using)
        config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.using(using).filter(
        content_type__app_label__in=VIEW_APPS, codename__startswith="view_"
    )
    write = [
        Permission.objects.using(using).get(
            content_type__app_label="bills", codename=f"{action}_{model}"
        )
        for model, actions in WRITE.items()
        for action in actions
    ]
    return [*view, *write]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps, using)
    for name in GROUPS:
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    # The groups stay, with their members: only what this migration granted is taken back.
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps, using)
    for group in Group.objects.using(using).filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0001_initial"),
        ("chambers", "0002_reference_data"),
        ("deputies", "0003_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
