"""papersite.notices: a paper is presented as a translation from the threshold up,
and as English with its translation in progress below it."""

from __future__ import annotations

import pytest

from papersite.notices import IN_PROGRESS, METHODS, TRANSLATION, paper_notice, threshold_of


def marked(message: str) -> str:
    return f"[{message}]"  # a "translation" that shows it was asked for


@pytest.mark.parametrize("threshold", [0, 1, 50, 100])
def test_a_paper_is_a_translation_from_the_threshold_up(threshold):
    at = paper_notice(marked, threshold, threshold, ["human"])
    assert at == [marked(TRANSLATION), marked(METHODS["human"])]
    if threshold:
        below = paper_notice(marked, threshold - 1, threshold, ["human"])
        assert below == [marked(IN_PROGRESS).format(percent=threshold - 1)]


@pytest.mark.parametrize("value", [-1, 101, 50.5, "50", True, None])
def test_the_threshold_is_a_whole_percent(value):
    with pytest.raises(ValueError, match="translation_threshold"):
        threshold_of({"translation_threshold": value})
    assert threshold_of({}) == 50
