"""The timeline chart: valid, accessible SVG with escaped text, bars for imprecise dates, shaded silences."""

import datetime as dt
import xml.etree.ElementTree as ET

from kembar.evaluation import dormancy as dm
from kembar.evaluation.svg import marks_from, timeline_svg

NS = "{http://www.w3.org/2000/svg}"


def test_chart():
    timeline = [
        ("2004-03-31", "2004-04-01", "Visit <script>", 1),
        ("2006-09-21/2011-01-01", "", "Study", 2),
        ("2011", "", "Last", 3),
        ("2018", "", "BELIEF", 4),
        ("2020-05-03", "", "Masks & more", 5),
    ]
    marks = marks_from(timeline)
    periods = dm.analyse_ordinals(
        [(m.earliest.toordinal(), m.latest.toordinal(), i) for i, m in enumerate(marks)],
        start=dt.date(2006, 9, 21).toordinal(),
        as_of=dt.date(2022, 5, 11),
    ).periods
    svg = timeline_svg(marks=marks, periods=periods, as_of=dt.date(2022, 5, 11), title="Bandung–Liuzhou", uid="x")
    root = ET.fromstring(svg)  # well-formed
    assert root.get("role") == "img" and root.get("aria-labelledby") == "x-t x-d"
    assert root.find(f"{NS}title").text == "Bandung–Liuzhou" and root.find(f"{NS}desc").text
    assert "<script>" not in svg and "Visit &lt;script&gt;" in svg
    assert len(root.findall(f"{NS}circle")) == 1  # only 2020-05-03 is a single known day
    shaded = [r for r in root.findall(f"{NS}rect") if r.get("fill") == "#f3c6c3"]
    # Days as the reader writes them (Indonesian by default), never as ISO text.
    assert len(shaded) == 2 and "1 Januari 2012" in shaded[0].find(f"{NS}title").text  # and since the masks
    assert "11 Mei 2022" in root.find(f"{NS}desc").text and "2022-05-11" not in svg
    assert ">2004<" in svg and ">2022<" in svg and "style=" not in svg


def test_empty_chart():
    root = ET.fromstring(timeline_svg(marks=[], periods=[], as_of=dt.date(2024, 1, 1)))
    assert root.find(f"{NS}desc").text.startswith("0 ")


def test_the_chart_writes_days_in_the_readers_language():
    from django.utils import translation

    with translation.override("en"):
        svg = timeline_svg(marks=[], periods=[], as_of=dt.date(2022, 5, 11))
    assert "As of 11 May 2022" in svg and "2022-05-11" not in svg
