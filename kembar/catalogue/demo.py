"""The demo's Little Bandung programme: clearly marked sample SMEs and products for Kota Bandung."""


def demo_catalogue(*, region) -> None:
    """Safe to run again. (Filled in with the catalogue's models.)"""
