from pathlib import Path

import pytest

from kembar.cooperations.casefile import import_files

CASES = Path(__file__).resolve().parents[2] / "demo" / "cases"


@pytest.fixture
def liuzhou(bandung):
    (coop,) = import_files([CASES / "bandung-liuzhou.yaml"])
    return coop
