"""Issue 9: the kind step decides from evaluative polarity, modals, risk and headings.

Minimal pairs first: the decision must not hang on one phrase of one report.
"""

from __future__ import annotations

import pytest

from carekg.graph.extract.kind import decide_kind
from carekg.graph.extract.polarity import polarity


@pytest.mark.parametrize(
    "sentence, kind",
    [
        # the same judgement in other words gets the same kind
        ("The service is highly regarded by carers.", "strength"),
        ("The service is well regarded by carers.", "strength"),
        ("Some people waited more than six months for an assessment.", "area_for_development"),
        ("Some people waited a long time for an assessment.", "area_for_development"),
        # CQC's description with an evaluative slant
        ("People could easily access information about support.", "strength"),
        ("Staff said managers were supportive.", "strength"),
        ("Partners told us the local authority listened to them.", "strength"),
        ("There was mixed feedback about the quality of home care.", "area_for_development"),
        ("People told us there was little choice of care homes.", "area_for_development"),
        ("Carers did not always know where to get advice.", "area_for_development"),
        # neutral facts
        ("The borough has a population of about 250,000 people.", "context"),
        ("Data showed 900 people were waiting for a review in May.", "context"),
    ],
)
def test_polarity_decides_description(sentence, kind):
    assert decide_kind(sentence, "quality-statement").kind == kind


@pytest.mark.parametrize(
    "sentence, kind",
    [
        # the clause after the turn decides
        ("A strategy was in place, however its delivery plan was at an early stage.",
         "area_for_development"),
        ("Waits had been long, but the new triage team had cleared the backlog.", "strength"),
        ("Although people said the service was strong, it had declined.", "area_for_development"),
        # a concession first: the main clause decides
        ("Although there were some delays, people praised the reablement team.", "strength"),
        ("Whilst most reviews were timely, some took several months.", "area_for_development"),
        # "despite" concedes what follows it
        ("Staff remained positive despite high caseloads.", "strength"),
        # praise then a neutral turn is still a reservation
        ("Members are well informed, although scrutiny focuses on budgets.",
         "area_for_development"),
    ],
)  # fmt: skip
def test_contrast_and_concession(sentence, kind):
    assert decide_kind(sentence, None).kind == kind


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("The Council may wish to review its charging policy.", "recommendation"),
        ("The local authority should publish its waiting times.", "recommendation"),
        ("Leaders need to agree a workforce plan with the ICB.", "recommendation"),
        ("The service would benefit from a clearer referral route.", "recommendation"),
        ("Consider a single front door for carers.", "recommendation"),
        ("Develop a joint transitions protocol.", "recommendation"),
        ("There is a risk that people will wait longer over winter.", "risk"),
        ("The overspend is unsustainable.", "risk"),
        ("Rising demand could lead to delays in hospital discharge.", "risk"),
        ("People at risk of falling are offered equipment.", "risk"),
        # a mitigation is an action, not a risk; a risk tool is not a risk
        ("Staff used a risk rating tool to sort new referrals.", "context"),
        ("Reablement helped to reduce the risk of admission to hospital.", "strength"),
        # people's needs are not an obligation
        ("People's needs to be assessed were met promptly.", "strength"),
    ],
)
def test_modal_and_risk_constructions(sentence, kind):
    assert decide_kind(sentence, "key-findings").kind == kind


@pytest.mark.parametrize(
    "role, kind",
    [("strengths", "strength"), ("areas", "area_for_development"), ("risks", "risk"),
     ("recommendations", "recommendation")],
)  # fmt: skip
def test_a_heading_that_states_the_kind_decides(role, kind):
    assert decide_kind("The Council has a transitions team.", role).kind == kind


def test_confidence_is_between_0_and_1_with_a_reason():
    agreed = decide_kind("Partnership working is strong and effective.", "strengths")
    guessed = decide_kind("Partnership working is fine.", None)
    assert 0 <= guessed.confidence < agreed.confidence <= 1
    assert "heading" in agreed.reason and guessed.reason


def test_negation_reversal_and_hypotheticals():
    assert polarity("There was no delay in starting care.").score > 0
    assert polarity("There was no clear plan.").score < 0
    assert polarity("The team reduced delays in discharge.").score > 0
    assert polarity("Staff turnover has fallen since April.").score > 0
    assert polarity("Nobody checked whether people were safe.").score <= 0
    assert polarity("Safeguarding concerns were screened within one working day.").score > 0
