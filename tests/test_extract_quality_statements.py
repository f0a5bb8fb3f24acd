"""Issue 9: quality statements inferred from the framework's vocabulary, precision first.

One well-supported statement, or none, rather than two guesses: topical terms
outweigh frame words (who acts, how work is organised), the source of reported
evidence is not its subject, and the report's words about itself point nowhere.
"""

from __future__ import annotations

import pytest

from carekg.graph.extract.pipeline import run
from carekg.graph.extract.quality_statements import TermMatcher
from carekg.graph.model.vocabulary import load_vocabulary

MATCHER = TermMatcher(load_vocabulary())


@pytest.mark.parametrize(
    "sentence, statements",
    [
        # one topical subject, whoever reports it
        ("Staff told us that safeguarding enquiries were completed promptly.", [7]),
        ("Leaders told us the backlog of annual reviews had been halved.", [1]),
        ("Providers said fee rates had not kept pace with costs.", [4]),
        # a frame word decides only when nothing topical does
        ("Senior leaders were visible and approachable.", [8]),
        ("Leaders knew that the home care market was fragile.", [4]),
        ("Partners told us the council listened to them.", []),
        # the longest term wins its words; a more specific term outweighs a general one
        ("A backlog of Deprivation of Liberty Safeguards applications was growing.", [7]),
        ("The integrated care board and the council pooled budgets for carers' breaks.", [5]),
        # the report speaking of itself names no statement
        ("The assessment also found some areas for improvement:", []),
        ("The Council should plan transitions better before its CQC assessment.", [6]),
        ("People with a learning disability told us easy-read letters were rare.", [3]),
        # two statements only on strong evidence for both
        ("Some people from minority ethnic communities felt unheard, and unpaid carers "
         "waited too long for a carer's assessment.", [1, 3]),
        ("Prevention and reablement were strong, and partners were supportive.", [2]),
        # prevention and equity in the words reports use for them
        ("Link workers in each primary care network now take referrals from GPs.", [2]),
        ("The online directory was kept up to date and well used.", [2]),
        ("Outreach with local mosques and the Deaf community had reached new families.", [3]),
        ("Few refugees and travellers had contact with adult social care.", [3]),
        # co-production is learning from people; an improvement plan and the director
        # are governance; moving to adult services and step-down beds are pathways
        ("Co-production with people who draw on care was patchy.", [9]),
        ("The improvement plan was agreed late and lacked milestones.", [8]),
        ("A visible DASS and a settled senior team.", [8]),
        ("Planning for young people moving to adult services started late.", [6]),
        ("Twenty step-down beds were funded for the winter.", [6]),
        # the money of governance; the reablement outcome measure is reablement's
        ("The medium-term financial strategy draws on reserves to balance.", [8]),
        ("Reablement was strong: 88% of people were still at home 91 days after discharge.",
         [2]),
    ],
)  # fmt: skip
def test_inferred_statements(sentence, statements):
    assert MATCHER.quality_statements(sentence, None) == statements


def test_within_a_theme_only_its_statements_and_its_first_as_the_general_one():
    assert MATCHER.quality_statements("Staff told us caseloads were manageable.", 4) == [8]
    assert MATCHER.quality_statements("Safeguarding training had lapsed.", 4) == [9]
    assert MATCHER.quality_statements("Front-line staff are warm and committed.", 1) == [1]


def test_a_statement_heading_gives_that_statement_only():
    text = (
        "Quality statement: Safeguarding\n\n"
        "Partnership working with the police and the NHS on domestic abuse was strong, "
        "and hospital discharge teams raised concerns promptly.\n"
    )
    findings = run(text, "Kestrelford County Council").findings
    assert [(f.quality_statements, f.qs_method) for f in findings] == [([7], "heading")]
