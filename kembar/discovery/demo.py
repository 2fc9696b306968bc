"""The demo's partner discovery: Kota Bandung's profile for a search (its facts with their sources)."""


def demo_discovery(*, region) -> None:
    """Safe to run again. (Filled in with the discovery models.)"""
