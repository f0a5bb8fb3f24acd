"""CQC's overall rating from the nine quality statement scores.

Each quality statement is scored 1 to 4; the sum as a percentage of 36 maps to
the rating (the brief, section 1; CQC, "Assessment framework for local
authority assurance": 25-38% Inadequate, 39-62% Requires improvement, 63-87%
Good, 88% and over Outstanding). Percentages are rounded to whole numbers as
CQC publishes them.

>>> overall_rating({n: 3 for n in range(1, 10)})
('Good', 75)
>>> overall_rating({1: 3}) is None
True
"""

from __future__ import annotations

RATING_BANDS = [(88, "Outstanding"), (63, "Good"), (39, "Requires improvement"), (25, "Inadequate")]
SCORE_MEANINGS = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}


def overall_rating(scores: dict[int, int]) -> tuple[str, int] | None:
    """The overall rating and percentage when all nine quality statements are scored."""
    if set(scores) != set(range(1, 10)):
        return None
    percentage = int(sum(scores.values()) / 36 * 100 + 0.5)
    for floor, rating in RATING_BANDS:
        if percentage >= floor:
            return rating, percentage
    return "Inadequate", percentage
