"""measures/chart.py: the score trend as an accessible, self-contained SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D

from measures.chart import HEIGHT, WIDTH, TrendPoint, labelled, trend_svg, y_range

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """The chart as XML: it must be well-formed to be parsed at all."""
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def coordinates(root: ET.Element) -> list[tuple[str, float]]:
    """Every coordinate the chart places something at, as (attribute, value)."""
    found = []
    for el in root.iter():
        for name in ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy"):
            if name in el.attrib:
                found.append((name, float(el.attrib[name])))
        if "points" in el.attrib:
            for pair in el.attrib["points"].split():
                x, y = pair.split(",")
                found += [("x", float(x)), ("y", float(y))]
    return found


def series(root: ET.Element, key: str) -> ET.Element | None:
    return next(
        (g for g in root.iter(f"{SVG}g") if g.get("class") == f"chart-series chart-series-{key}"),
        None,
    )


SEVERAL = [
    TrendPoint(2566, D("80.22"), D("84.16"), D("83.23"), D("75.00")),
    TrendPoint(2567, D("87.13"), D("88.54"), D("86.57"), D("86.50")),
    TrendPoint(2568, D("92.38"), D("92.16"), D("89.23"), D("94.50")),
]


def test_it_is_an_accessible_image_with_a_title_and_a_description():
    root = parse(trend_svg(SEVERAL))

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "score-trend-title score-trend-desc"
    assert root.find(f"{SVG}title").get("id") == "score-trend-title"
    assert root.find(f"{SVG}title").text == "แนวโน้มคะแนน ITA ปีงบประมาณ พ.ศ. 2566–2568"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "score-trend-desc"
    # The description states every figure, so a screen reader loses nothing.
    assert "ปี 2566: คะแนนรวม 80.22, IIT 84.16, EIT 83.23, OIT 75.00" in desc.text
    assert "เกณฑ์ผ่าน 85.00" in desc.text


def test_it_scales_with_a_fixed_viewbox_and_needs_no_script():
    svg = trend_svg(SEVERAL)
    root = parse(svg)

    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    assert "width" not in root.attrib and "height" not in root.attrib
    assert "<script" not in svg
    assert not re.search(r"\son\w+=", svg)  # no event handlers


def test_one_point_is_drawn_in_the_middle_with_its_label():
    root = parse(trend_svg([TrendPoint(2568, D("92.38"))]))

    total = series(root, "total")
    assert total.findall(f"{SVG}polyline") == []  # nothing to join
    (point,) = total.findall(f"{SVG}circle")
    assert float(point.get("cx")) == (36 + WIDTH - 10) / 2
    assert "92.38" in texts(root)
    assert "2568" in texts(root)
    assert root.find(f"{SVG}title").text == "คะแนน ITA ปีงบประมาณ พ.ศ. 2568"
    # No instrument figures: no instrument lines, and none in the legend.
    assert series(root, "iit") is None
    assert "IIT" not in texts(root)


def test_several_points_make_one_line_per_series_with_labelled_totals():
    root = parse(trend_svg(SEVERAL))

    for key in ("total", "iit", "eit", "oit"):
        lines = series(root, key).findall(f"{SVG}polyline")
        assert len(lines) == 1
        assert len(lines[0].get("points").split()) == 3
    assert {"80.22", "87.13", "92.38"} <= set(texts(root))
    assert {"2566", "2567", "2568"} <= set(texts(root))
    # The legend names every line and the pass mark.
    assert {"คะแนนรวม", "IIT", "EIT", "OIT", "เกณฑ์ผ่าน 85.00"} <= set(texts(root))


def test_later_years_are_drawn_to_the_right_and_higher_scores_higher():
    root = parse(trend_svg(list(reversed(SEVERAL))))  # order given does not matter

    circles = series(root, "total").findall(f"{SVG}circle")
    xs = [float(c.get("cx")) for c in circles]
    ys = [float(c.get("cy")) for c in circles]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)  # 80.22 < 87.13 < 92.38: SVG y grows downwards


def test_a_missing_instrument_value_breaks_its_line_without_inventing_a_point():
    points = [
        TrendPoint(2565, D("81.00"), D("80.00"), D("82.00"), D("79.00")),
        TrendPoint(2566, D("82.00"), D("81.00"), None, D("80.00")),
        TrendPoint(2567, D("83.00"), D("82.00"), D("84.00"), None),
        TrendPoint(2568, D("84.00"), D("83.00"), D("85.00"), D("81.00")),
    ]
    root = parse(trend_svg(points))

    eit = series(root, "eit")
    assert len(eit.findall(f"{SVG}circle")) == 3
    # 2565 stands alone; 2567–2568 are joined.
    assert [len(line.get("points").split()) for line in eit.findall(f"{SVG}polyline")] == [2]
    oit = series(root, "oit")
    assert len(oit.findall(f"{SVG}circle")) == 3
    assert [len(line.get("points").split()) for line in oit.findall(f"{SVG}polyline")] == [2]
    assert "EIT 84.00" in root.find(f"{SVG}desc").text


def test_years_without_a_total_are_left_out_and_no_total_gives_nothing():
    root = parse(trend_svg([TrendPoint(2566, None, D("90")), TrendPoint(2567, D("88.00"))]))
    assert "2566" not in texts(root)

    assert trend_svg([]) == ""
    assert trend_svg([TrendPoint(2566, None)]) == ""


def test_the_pass_mark_line_sits_at_its_score():
    root = parse(trend_svg(SEVERAL, pass_mark=D("85")))
    line = next(el for el in root.iter(f"{SVG}line") if el.get("class") == "chart-pass")
    gridline_85 = next(
        el for el in root.iter(f"{SVG}text") if el.text == "85" and el.get("text-anchor") == "end"
    )
    assert line.get("y1") == line.get("y2") == gridline_85.get("y")

    without = parse(trend_svg(SEVERAL, pass_mark=None))
    assert not [el for el in without.iter(f"{SVG}line") if el.get("class") == "chart-pass"]


def test_instrument_lines_are_optional():
    root = parse(trend_svg(SEVERAL, instruments=False))
    assert series(root, "iit") is None
    assert series(root, "total") is not None


def test_text_is_escaped():
    svg = trend_svg(
        SEVERAL,
        title="<script>alert('t')</script>",
        description="a & b <img src=x onerror=alert(1)>",
        total_label="<b>รวม</b>",
    )
    assert "<script>" not in svg
    assert "<img" not in svg
    assert "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == "<script>alert('t')</script>"
    assert root.find(f"{SVG}desc").text == "a & b <img src=x onerror=alert(1)>"
    assert "<b>รวม</b>" in texts(root)


def test_every_mark_is_placed_within_the_viewbox():
    extremes = [
        TrendPoint(2560, D("0"), D("0"), D("100"), D("0")),
        TrendPoint(2561, D("100"), D("100"), D("0"), D("100")),
        *[TrendPoint(2562 + n, D("50.5") + n, None, D("99.99"), None) for n in range(12)],
    ]
    for points in (SEVERAL, extremes, [TrendPoint(2568, D("100"))], [TrendPoint(2568, D("0"))]):
        for name, value in coordinates(parse(trend_svg(points))):
            limit = WIDTH if name.startswith("x") or name == "cx" else HEIGHT
            assert 0 <= value <= limit, (points, name, value)


def test_the_axis_starts_at_a_round_number_below_the_lowest_figure():
    assert y_range([D("92.38"), D("97.05")], D("85")) == (80, 100)
    assert y_range([D("72.10")], D("85")) == (60, 100)
    assert y_range([D("3")], None) == (0, 100)
    assert y_range([D("100")], None) == (90, 100)  # never a flat, zero-height axis


def test_many_years_label_every_other_year_and_always_the_latest():
    assert labelled(3) == {0, 1, 2}
    assert labelled(7) == set(range(7))
    assert labelled(10) == {1, 3, 5, 7, 9}
    root = parse(trend_svg([TrendPoint(2559 + n, D("80") + n) for n in range(10)]))
    assert "2568" in texts(root) and "2567" not in texts(root)
    assert len(series(root, "total").findall(f"{SVG}circle")) == 10  # every year still drawn
