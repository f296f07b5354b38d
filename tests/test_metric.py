"""The benchmark's shingle metric (benchmarks/metric.py) on tiny hand-made cases. Self-contained:
nothing here reads the benchmark data."""
from __future__ import annotations

import doctest

import pytest

from benchmarks import metric
from benchmarks.metric import page_counts, score


def test_doctests():
    assert doctest.testmod(metric).failed == 0


def test_identical_texts_score_one():
    text = "Ministers met in Brussels on Tuesday to discuss the budget."
    assert score({"a": text}, {"a": text}) == (1.0, 1.0, 1.0)


def test_punctuation_and_spacing_are_not_tokens():
    assert score({"a": "One, two; three\n\nfour five."}, {"a": "one two three four five"})[0] < 1
    assert score({"a": "One, two; three\n\nfour five."}, {"a": "One two three four five"}) == (
        1.0, 1.0, 1.0)


def test_disjoint_texts_score_zero():
    assert score({"a": "one two three four five"}, {"a": "six seven eight nine ten"}) == (
        0.0, 0.0, 0.0)


def test_partial_page_by_hand():
    # truth shingles: (a b c d) (b c d e); prediction: (a b c d) (b c d x)
    # TP = FP = FN = 1, each 1/3 once normalised: P = R = 1/2
    c = page_counts("a b c d e", "a b c d x")
    assert c == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert (c.precision, c.recall, c.f1) == pytest.approx((0.5, 0.5, 0.5))


def test_averages_over_pages_then_f1_of_the_averages():
    # page 1: truth has 3 shingles, the prediction 2 of them: P = 1, R = 2/3
    # page 2: identical: P = R = 1.  Averages: P = 1, R = 5/6; F1 = 2 * 5/6 / (11/6) = 10/11
    truth = {"1": "a b c d e f", "2": "w x y z"}
    pred = {"1": "a b c d e", "2": "w x y z"}
    assert score(truth, pred) == pytest.approx((10 / 11, 1.0, 5 / 6))


def test_shingles_are_a_multiset():
    # truth "a b c d a b c d": (a b c d) twice and three others; a single copy finds 1 of 5
    c = page_counts("a b c d a b c d", "a b c d")
    assert (c.precision, c.recall) == pytest.approx((1.0, 0.2))


def test_empty_prediction_counts_for_recall_only():
    # page 1 is missed entirely (R = 0, no precision defined); page 2 is perfect
    truth = {"1": "a b c d e", "2": "v w x y z"}
    assert score(truth, {"2": "v w x y z"}) == pytest.approx((2 * 0.5 / 1.5, 1.0, 0.5))


def test_empty_truth_counts_for_precision_only():
    truth = {"1": "", "2": "v w x y z"}
    pred = {"1": "some junk the page did not have", "2": "v w x y z"}
    assert score(truth, pred) == pytest.approx((2 * 0.5 / 1.5, 0.5, 1.0))


def test_short_texts_are_one_shingle():
    assert score({"a": "Two words"}, {"a": "two words!"})[0] == 0.0
    assert score({"a": "Two words"}, {"a": "Two words!"}) == (1.0, 1.0, 1.0)
