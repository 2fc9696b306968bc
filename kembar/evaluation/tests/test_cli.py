"""`kembar evaluate`: one case or all, at a date or the case's, by either framework, as text or stable JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kembar.testing import make_cooperation


def run(*args) -> str:
    out = StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_liuzhou_json_at_case_date(liuzhou):
    data = json.loads(run("bandung-liuzhou", "--as-of", "case", "--json"))
    assert data["kembar_evaluation"] == 1
    (coop,) = data["cooperations"]
    assert coop["as_of"] == "2022-05-11" and coop["framework"] == {"id": "undp-2001", "version": 2}
    verdicts = {e["id"]: e["verdict"] for e in coop["elements"]}
    assert verdicts == {
        "commitment": "not_met",
        "community": "not_enough_data",
        "shared_understanding": "met",
        "reciprocity": "not_met",
        "tangible_results": "met",
    }
    dormant = [p for p in coop["dormancy"]["periods"] if p["level"] == "dormant"]
    assert [(p["from"], p["to"]) for p in dormant] == [("2012-01-01", "2017-12-31")]
    (jwg,) = coop["overdue_obligations"]
    assert jwg["overdue_since"] == "2007-09-21" and jwg["kind"] == "joint_working_group"
    reciprocity = next(e for e in coop["elements"] if e["id"] == "reciprocity")
    balance = reciprocity["indicators"][0]
    assert balance["value"] == 0.4 and balance["state"] == "poor"
    assert {e["type"] for e in balance["evidence"]} == {"activity"}
    assert all(e["id"] and e["title"] and e["date"] for e in balance["evidence"])
    assert coop["reciprocity"]["aid"] == {"received": 1, "given": 0}
    community = next(e for e in coop["elements"] if e["id"] == "community")
    planning = community["indicators"][0]
    assert (planning["value"], planning["state"]) == (0, "insufficient")
    assert planning["thresholds"] == {"good": 0.5, "fair": 0.333}


def test_text_and_tm2009(liuzhou):
    text = run("bandung-liuzhou", "--as-of", "2022-05-11", "--framework", "tm2009")
    assert "32.73/bandung-liuzhou" in text and "overdue since 2007-09-21" in text


def test_all_of_a_region(liuzhou, bandung, bogor):
    make_cooperation(bogor, ref="bogor-x")
    data = json.loads(run("--all", "--region", "32.73", "--json"))
    assert [c["id"] for c in data["cooperations"]] == ["bandung-liuzhou"]
    data = json.loads(run("--all", "--json"))
    assert {c["id"] for c in data["cooperations"]} == {"bandung-liuzhou", "bogor-x"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bandung-liuzhou", "--as-of", "yesterday"), "--as-of takes a date"),
        (("bandung-liuzhou", "--framework", "astrology"), "No evaluation framework astrology"),
        (("nope",), "No case with id nope"),
        ((), "Give one case id, or --all"),
        (("bandung-liuzhou", "--all"), "Give one case id, or --all"),
    ],
)
def test_bad_input(liuzhou, args, message, settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(CommandError, match=message):
        run(*args)
