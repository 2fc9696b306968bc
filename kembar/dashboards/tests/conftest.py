"""Fixtures the dashboard tests share: today, and a portfolio whose figures are kept and shared."""

import pytest
from django.utils import timezone

from .factories import KEPT_PORTFOLIO, portfolio


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def coops(bandung, bogor, today):
    """KEPT_PORTFOLIO cooperations of Bandung, and three of Bogor: another region's writes never reach
    Bandung's figures."""
    portfolio(bogor, 3, today=today, prefix="b")
    return portfolio(bandung, KEPT_PORTFOLIO, today=today)
