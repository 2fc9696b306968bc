"""Publishing: what the public portal may show (kembar/public/selectors.py reads it). Writes go through these,
with history, as every other write does; who may call them is the views' rule (a bureau admin publishes a
cooperation and sets the region's rule, the bureau publishes items)."""

from django.db import transaction
from django.utils import timezone

from kembar.cooperations.models import Activity, Cooperation, Document, Finding
from kembar.core.services import record_change
from kembar.regions.models import Region

#: The items published one by one, by the name the pages use.
ITEMS = {"activity": Activity, "document": Document, "finding": Finding}


@transaction.atomic
def cooperation_publish(*, cooperation: Cooperation, by, published: bool) -> Cooperation:
    """Publish the cooperation on the portal (or withdraw it). Publishing it again changes nothing."""
    if cooperation.published == published:
        return cooperation
    cooperation.published = published
    cooperation.published_at = timezone.now()
    cooperation.published_by = by if getattr(by, "is_authenticated", False) else None
    record_change(cooperation, by=by, reason="published" if published else "withdrawn from the portal")
    cooperation.save(update_fields=["published", "published_at", "published_by", "updated_at"])
    return cooperation


@transaction.atomic
def item_publish(*, item: Activity | Document | Finding, by, public: bool):
    """Make one activity, document or finding public (or private again). It shows on the portal only while its
    cooperation is published too."""
    if item.public == public:
        return item
    item.public = public
    record_change(item, by=by, reason="made public" if public else "made private")
    item.save(update_fields=["public", "updated_at"])
    return item


@transaction.atomic
def publication_rules_update(*, region: Region, by, activities: bool, documents: bool, evaluation: bool):
    """The region's rule: all activities (documents) of its published cooperations are public without each
    being published, and whether the evaluation summary is."""
    from kembar.regions.services import region_profile_update

    return region_profile_update(
        region=region,
        by=by,
        publish_activities=activities,
        publish_documents=documents,
        publish_evaluation=evaluation,
    )
