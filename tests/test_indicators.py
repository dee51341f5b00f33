"""ragbook.rules.indicators: rating, direction of travel and comparator standing. Pure rules."""

from __future__ import annotations

import pytest

from ragbook.rules.indicators import (
    AMBER,
    GREEN,
    HIGHER,
    IMPROVING,
    LOWER,
    NO_CHANGE,
    NO_DATA,
    NO_TARGET,
    RANGE,
    RED,
    WORSENING,
    Indicator,
    Target,
    Tolerance,
    assess,
    count_ratings,
    direction,
    format_target,
    format_value,
    json_number,
    parse_polarity,
    rate_indicator,
    standing,
    too_wide,
)

POSTS = Target(0.85, 0.85)  # seed 000: "85% of social work posts are filled"
CASELOAD = Target(22, 22)  # seed 000: "the average SW caseload is no greater than 22"
RANGE_20_25 = Target(20, 25)


@pytest.mark.parametrize(
    "typed, polarity",
    [
        ("Higher is better", HIGHER),
        ("higher", HIGHER),
        ("High", HIGHER),
        ("↑", HIGHER),
        ("Increase", HIGHER),
        ("Lower is better", LOWER),
        ("LOWER", LOWER),
        ("Reduce", LOWER),
        ("↓", LOWER),
        ("Smaller is better", LOWER),
        ("Within range", RANGE),
        ("Range", RANGE),
        ("Between", RANGE),
        ("Sideways", None),
        ("Better", None),
    ],
)
def test_polarity_words(typed, polarity):
    assert parse_polarity(typed) == polarity


@pytest.mark.parametrize(
    "value, tolerance, rating",
    [
        (0.85, None, GREEN),
        (0.90, None, GREEN),
        (0.84, None, RED),
        (0.80, Tolerance(0.05), AMBER),
        (0.7999, Tolerance(0.05), RED),  # 5 points
        (0.81, Tolerance(0.05, relative=True), AMBER),  # 5% of 85% is 4.25 points: down to 80.75%
        (0.80, Tolerance(0.05, relative=True), RED),
    ],
)
def test_higher_is_better(value, tolerance, rating):
    assert rate_indicator(value, HIGHER, POSTS, tolerance) == rating


@pytest.mark.parametrize(
    "value, tolerance, rating",
    [
        (22, None, GREEN),
        (18, None, GREEN),
        (23, None, RED),
        (24, Tolerance(2), AMBER),
        (25, Tolerance(2), RED),
        (24.2, Tolerance(0.1, relative=True), AMBER),
        (24.3, Tolerance(0.1, relative=True), RED),
    ],
)
def test_lower_is_better(value, tolerance, rating):
    assert rate_indicator(value, LOWER, CASELOAD, tolerance) == rating


@pytest.mark.parametrize(
    "value, rating",
    [(20, GREEN), (22.5, GREEN), (25, GREEN), (19, AMBER), (27, AMBER), (17.9, RED), (27.1, RED)],
)
def test_within_a_range_the_distance_outside_it_misses(value, rating):
    assert rate_indicator(value, RANGE, RANGE_20_25, Tolerance(2)) == rating


def test_a_percent_tolerance_of_a_range_is_of_the_bound_missed():
    # 10% of 20 is 2 below; 10% of 25 is 2.5 above.
    assert rate_indicator(17.9, RANGE, RANGE_20_25, Tolerance(0.1, True)) == RED
    assert rate_indicator(27.4, RANGE, RANGE_20_25, Tolerance(0.1, True)) == AMBER


def test_no_value_is_no_data_and_no_target_is_no_target_never_red():
    assert rate_indicator(None, HIGHER, POSTS, None) == NO_DATA
    assert rate_indicator(0.1, HIGHER, None, None) == NO_TARGET


def test_floating_point_does_not_turn_a_met_target_red():
    assert rate_indicator(0.1 + 0.2, LOWER, Target(0.3, 0.3), None) == GREEN
    assert rate_indicator(0.8 - 0.05, HIGHER, Target(0.75, 0.75), None) == GREEN


@pytest.mark.parametrize(
    "previous, latest, polarity, expected",
    [
        (0.78, 0.83, HIGHER, (IMPROVING, "▲")),
        (0.83, 0.78, HIGHER, (WORSENING, "▼")),
        (25, 23, LOWER, (IMPROVING, "▼")),  # a falling caseload is improving
        (23, 25, LOWER, (WORSENING, "▲")),
        (23, 23, LOWER, (NO_CHANGE, "►")),
        (30, 26, RANGE, (IMPROVING, "▼")),
        (26, 30, RANGE, (WORSENING, "▲")),
        (18, 30, RANGE, (WORSENING, "▲")),  # 2 below the range to 5 above it
        (21, 24, RANGE, (NO_CHANGE, "▲")),  # within the range both times
        (None, 24, HIGHER, (None, "")),
    ],
)
def test_direction_of_travel_reads_through_the_polarity(previous, latest, polarity, expected):
    assert direction(previous, latest, polarity, RANGE_20_25) == expected


def test_a_range_with_no_target_has_an_arrow_but_no_word():
    assert direction(21, 24, RANGE, None) == (None, "▲")


@pytest.mark.parametrize(
    "value, comparator, polarity, expected",
    [
        (0.83, 0.80, HIGHER, "better"),
        (0.78, 0.80, HIGHER, "worse"),
        (0.8, 0.8, HIGHER, "same"),
        (23, 25, LOWER, "better"),
        (27, 25, LOWER, "worse"),
        (24, 27, RANGE, "better"),
        (28, 26, RANGE, "worse"),
        (21, 24, RANGE, "same"),
        (None, 0.8, HIGHER, None),
        (0.8, None, HIGHER, None),
    ],
)
def test_standing_against_the_comparator(value, comparator, polarity, expected):
    assert standing(value, comparator, polarity, RANGE_20_25) == expected


def test_a_tolerance_wider_than_the_target():
    assert too_wide(Tolerance(15), Target(10, 10))
    assert not too_wide(Tolerance(10), Target(10, 10))
    assert too_wide(Tolerance(1.5, relative=True), Target(10, 10))
    assert not too_wide(Tolerance(2), RANGE_20_25)


def indicator(
    series, polarity=HIGHER, target=POSTS, tolerance=Tolerance(0.05), unit="%", comparator=0.80
):
    return Indicator(
        row=2,
        ref="PI 1",
        name="Social work posts filled",
        unit=unit,
        polarity=polarity,
        target=target,
        tolerance=tolerance,
        comparator_name="National average",
        comparator=comparator,
        series=tuple(series),
    )


def test_assess_takes_the_latest_value_and_the_one_before_it_skipping_gaps():
    a = assess(
        indicator(
            [
                ("Sep 2016", 0.70),
                ("Oct 2016", 0.78),
                ("Nov 2016", None),
                ("Dec 2016", 0.83),
                ("Jan 2017", None),
            ]
        )
    )
    assert (a.latest, a.latest_period, a.previous, a.previous_period) == (
        0.83,
        "Dec 2016",
        0.78,
        "Oct 2016",
    )
    assert (a.rating, a.direction, a.arrow, a.standing) == (AMBER, IMPROVING, "▲", "better")
    assert a.as_json() == {
        "ref": "PI 1",
        "indicator": "Social work posts filled",
        "latest": 83,
        "period": "Dec 2016",
        "target": 85,
        "unit": "%",
        "rating": "Amber",
        "direction": "improving",
        "comparator": "better",
    }


def test_an_indicator_with_no_values():
    a = assess(indicator([("Sep 2016", None)]))
    assert (a.latest, a.rating, a.direction, a.arrow, a.standing) == (None, NO_DATA, None, "", None)
    assert a.as_json()["latest"] is None and a.as_json()["period"] is None


def test_counts_per_rating_worst_first():
    ratings = [assess(indicator([("Sep 2016", v)])).rating for v in (0.9, 0.5, None, 0.82)]
    counts = count_ratings([assess(indicator([("Sep 2016", v)])) for v in (0.9, 0.5, None, 0.82)])
    assert ratings == [GREEN, RED, NO_DATA, AMBER]
    assert list(counts.items()) == [
        ("Red", 1),
        ("Amber", 1),
        ("Green", 1),
        ("No target", 0),
        ("No data", 1),
    ]


def test_numbers_as_the_board_reads_them():
    assert json_number(0.83, "%") == 83 and json_number(0.8325, "%") == 83.25
    assert json_number(22.0, "") == 22 and json_number(None, "") is None
    assert format_value(0.855, "%") == "85.5%" and format_value(0.8, "%") == "80%"
    assert format_value(1200, "£") == "£1,200" and format_value(12.5, "days") == "12.5 days"
    assert format_target(RANGE_20_25, "") == "20 to 25"
    assert format_target(None, "%") == ""


def test_a_strict_limit_misses_at_its_bound_and_shows_it():
    """ "Less than 8%": 8% itself misses (amber within the tolerance, red without one)."""
    less = Target(0.08, 0.08, strict=True)
    assert rate_indicator(0.079, LOWER, less, None) == "Green"
    assert rate_indicator(0.08, LOWER, less, None) == "Red"
    assert rate_indicator(0.08, LOWER, less, Tolerance(0.01)) == "Amber"
    assert format_target(less, "%", LOWER) == "< 8%"
    assert format_target(Target(0.9, 0.9, strict=True), "%", HIGHER) == "> 90%"
    assert format_target(Target(22, 22), "", LOWER) == "22"
