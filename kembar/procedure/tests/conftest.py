"""Fixtures for the procedure tests (the repository-wide ones are in /conftest.py)."""

import pytest

from kembar.cooperations.services import document_create
from kembar.testing import make_cooperation


@pytest.fixture
def coop(bandung, staff):
    """A cooperation that names Pack A (Permendagri 3/2008), as Bandung–Liuzhou's case file does."""
    return make_cooperation(bandung, ref="liuzhou", title="Bandung–Liuzhou", by=staff, rule_pack="permendagri-3-2008")


@pytest.fixture
def add_doc(staff):
    def add(coop, kind, title=None):
        return document_create(cooperation=coop, by=staff, kind=kind, title=title or f"Dokumen {kind}")

    return add


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield
