from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parents[2] / "demo" / "cases"


@pytest.fixture
def liuzhou_case(bandung, staff):
    """The Bandung–Liuzhou case file, imported as the bureau would."""
    from kembar.cooperations.casefile import import_files

    [coop] = import_files([CASES / "bandung-liuzhou.yaml"], by=staff)
    return coop


@pytest.fixture
def bandung_demo(bandung, staff):
    """Every demo case file of Kota Bandung."""
    from kembar.cooperations.casefile import import_files

    return import_files(sorted(CASES.glob("bandung-*.yaml")), by=staff)
