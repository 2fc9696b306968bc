"""Every user's count of unread alerts, stored (kembar/alerts/unread.py), written once from the alerts."""

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

#: The bureau's roles (kembar.accounts.models.BUREAU_ROLES as of this migration).
BUREAU_ROLES = ["bureau_admin", "bureau_staff", "leadership", "dprd", "national_overseer", "national_admin"]


def fill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("accounts", "Membership")
    Alert = apps.get_model("alerts", "Alert")
    regions = Membership.objects.filter(
        user=OuterRef(OuterRef("pk")), region__isnull=False, role__in=BUREAU_ROLES
    ).values("region_id")
    count = (
        Alert.objects.filter(user=OuterRef("pk"), read_at__isnull=True, deleted_at__isnull=True, region_id__in=regions)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.update(unread_alerts=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))


class Migration(migrations.Migration):
    dependencies = [("alerts", "0002_plan_notifications"), ("accounts", "0007_user_unread_alerts")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
