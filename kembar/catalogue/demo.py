"""The demo's Little Bandung programme: clearly marked sample SMEs and products for Kota Bandung (kembar.smes),
then what the programme's other apps make of them: the catalogue's and the trade office's own sample rows."""

from importlib import import_module

#: (module, function) of the other apps' demo parts, each `function(region=…)`, safe to run again; called when
#: the app provides it.
PARTS = [("kembar.catalogue.demo_data", "demo_editions"), ("kembar.trade.demo", "demo_trade")]


def demo_catalogue(*, region) -> None:
    """Safe to run again."""
    from kembar.smes.demo import demo_smes

    demo_smes(region=region)
    for module, name in PARTS:
        part = getattr(import_module(module), name, None)
        if part is not None:
            part(region=region)
