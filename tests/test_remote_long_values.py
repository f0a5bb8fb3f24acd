"""Long quotes and partner names on a SPARQL server: every saved query and the domain
commands give on the server what they give on the embedded store.

What is long for Virtuoso 7.2.5 (measured on the server ``.ci/virtuoso.sh`` starts):

- It keeps at most the first 20 characters of a string literal in the quad and the value
  in ``RDF_OBJ`` (over 50 bytes as a blob): a query has to complete the value from there.
- A sort on a value made in the query (``ORDER BY ?key`` after ``BIND(CONCAT("~", ?x) AS
  ?key)``, or ``ORDER BY STR(?x)``) fails once the key passes 1,900 bytes of UTF-8: "Sorting
  key too long in order by key, exceeds 1900 bytes" (a key of 1,890 bytes sorts, one of
  1,891 does not; at 5,000 bytes "Max row length is exceeded"). Sorting on the stored value
  itself (``ORDER BY ?x``) has no such limit, and neither has ``CONCAT`` outside a sort.
- ``CONCAT`` on a bare variable may also fail with "Unsupported case in CONVERT (incomplete
  RDF box -> VARCHAR)": not by length (it struck quotes of 48 to 61 characters) but when
  the plan makes the key in a sort's precode and a value stays incomplete there. That came
  on 150 councils on a fresh server, not on small stores, and not with ``STR(?x)``.

Quotes are cut at 1,000 characters, so a quote passes 1,900 bytes only in scripts of two to
four bytes a character: the report here names a council's translated guides in their own
scripts. The first failure is then certain on any store: the saved queries that used to sort
on ``CONCAT("~", ?quote)`` fail on this report. The second is caught here only by reading
the saved queries (``test_no_saved_query_sorts_on_a_quote_it_made_into_a_value``).

Needs ``CAREKG_TEST_SPARQL_STORE`` (and ``CAREKG_STORE_USER``, ``CAREKG_STORE_PASSWORD``),
as ``tests/test_remote_store.py`` does, and drops every carekg graph on that server at the
end. The two tests without the ``needs_server`` mark need no server.
"""

from __future__ import annotations

import re

import pytest
from pyoxigraph import NamedNode
from remote_support import URL, as_json, needs_server, ok, sparql_rows

from carekg.graph.model.package_data import saved_queries_folder
from carekg.graph.store import open_store

SORT_KEY_LIMIT = 1_900  # bytes: Virtuoso refuses a longer key made in the query
MAX_QUOTE = 1_000  # characters: graph/extract/document.py cuts longer sentences

# Titles of an imaginary council's guides in the languages it prints them in.
CARERS_GUIDE = ["照顾者指南", "照顧者指南", "간병인 안내서", "介護者ガイド", "देखभालकर्ता मार्गदर्शिका",
                "পরিচর্যাকারীর নির্দেশিকা", "ਦੇਖਭਾਲ ਕਰਨ ਵਾਲਿਆਂ ਲਈ ਗਾਈਡ", "સંભાળ રાખનારની માર્ગદર્શિકા",
                "பராமரிப்பாளர் வழிகாட்டி", "हेरचाहकर्ता मार्गदर्शिका", "คู่มือผู้ดูแล"]  # fmt: skip
PAYING_GUIDE = ["照护费用指南", "照護費用指南", "돌봄 비용 안내", "介護費用ガイド",
                "देखभाल के भुगतान की मार्गदर्शिका", "যত্নের খরচ পরিশোধের নির্দেশিকা",
                "ਦੇਖਭਾਲ ਲਈ ਭੁਗਤਾਨ ਬਾਰੇ ਗਾਈਡ", "સંભાળ માટે ચુકવણીની માર્ગદર્શિકા",
                "பராமரிப்புக்கான கட்டண வழிகாட்டி", "हेरचाहको भुक्तानी सम्बन्धी मार्गदर्शिका",
                "คู่มือการจ่ายค่าดูแล"]  # fmt: skip
ABUSE_LEAFLET = ["如何报告虐待问题", "如何報告虐待問題", "학대 신고 방법", "虐待の通報について",
                 "दुर्व्यवहार की सूचना कैसे दें", "নির্যাতনের খবর কীভাবে জানাবেন",
                 "ਦੁਰਵਿਵਹਾਰ ਦੀ ਰਿਪੋਰਟ ਕਿਵੇਂ ਕਰੀਏ", "દુર્વ્યવહારની જાણ કેવી રીતે કરવી",
                 "துஷ்பிரயோகத்தை எவ்வாறு புகாரளிப்பது", "दुर्व्यवहारको उजुरी कसरी गर्ने",
                 "วิธีแจ้งเหตุการณ์ทารุณกรรม"]  # fmt: skip
PARTNER = (
    "Greater Corrowmere and Saltfleet-upon-Wenning Community Languages and Interpreting Partnership"
)
# A consequence (1.3) that a recommendation answers (1.4), of over 1,900 bytes; a partner
# named by a finding of its own (2.1); a risk with an outcome; a finding that names the
# guides again (2.2) and a suggestion that answers it (2.3).
REPORT = f"""Corrowmere District Council
Adult Social Care Peer Challenge
Feedback Report

1. Key messages

1.1 Corrowmere District Council asked the peer team to look at how carers who speak little \
English find out about support.

1.2 There is a risk that carers who read little English will not learn what support they can \
ask for, because the Council's translated guides are out of date and hard to find, and this \
could undermine outcomes for carers and the people they look after.

1.3 Consequently, carers who look for help in their own language find the carers’ guide as \
{", ".join(CARERS_GUIDE)}, the guide to paying for care as {", ".join(PAYING_GUIDE)} and the \
leaflet on reporting abuse as {", ".join(ABUSE_LEAFLET)}, each of them three years out of date.

1.4 The Council may wish to rewrite these guides with the {PARTNER} and test every \
translation with carers who will read it.

2. Theme 2: Providing support

Quality Statement Five: Partnerships and Communities

Strengths

2.1 The {PARTNER} runs a telephone interpreting line that carers described as quick and kind, \
and its volunteers speak {", ".join(CARERS_GUIDE[:6])} between them.

Areas for development

2.2 The Council does not yet record which languages the people it assesses speak, so it \
cannot tell whether its guides in {", ".join(PAYING_GUIDE)} reach the carers who need them.

2.3 To support this, the Council would benefit from asking every person it assesses which \
language they prefer, and from reporting the answers to elected members each quarter.
"""


def _saved_queries() -> dict[str, str]:
    return {
        p.stem: p.read_text(encoding="utf-8") for p in sorted(saved_queries_folder().glob("*.rq"))
    }


def utf8(text: str) -> int:
    return len(text.encode("utf-8"))


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("long-values") / "lga-peer-challenge-corrowmere-languages.txt"
    path.write_text(REPORT, encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def embedded(report, tmp_path_factory) -> str:
    """An embedded store built from the long-valued report alone."""
    store = str(tmp_path_factory.mktemp("embedded") / "store")
    ok(store, "build", "--quiet", report)
    return store


@pytest.fixture(scope="module")
def stores(report, embedded):
    """(remote URL, embedded directory), both built from the long-valued report alone."""
    ok(URL, "build", "--quiet", report)
    yield URL, embedded
    store = open_store(URL, write=True)
    store.drop_graphs(NamedNode(g) for g in store.named_graphs())
    assert store.named_graphs() == []


def test_report_has_values_past_the_limits(embedded):
    """The report keeps its power: a consequence and a recommendation's target of over
    1,900 bytes (within the 1,000 characters of a quote), and a partner name of over 50."""
    findings = as_json(embedded, "findings", "--format", "json")
    longest = max(findings, key=lambda f: utf8(f["text"]))
    assert len(longest["text"]) <= MAX_QUOTE < SORT_KEY_LIMIT < utf8(longest["text"])
    consequences = sparql_rows(ok(embedded, "sparql", "consequences", "--format", "json"))
    assert any(utf8(row[-1]) > SORT_KEY_LIMIT for row in consequences)
    addressed = sparql_rows(
        ok(embedded, "sparql", "recommendations-and-what-they-address", "--format", "json")
    )
    assert any(row[-1] and utf8(row[-1]) > SORT_KEY_LIMIT for row in addressed)
    single = sparql_rows(ok(embedded, "sparql", "single-partner-findings", "--format", "json"))
    assert PARTNER in [row[1] for row in single] and len(PARTNER) > 50
    assert any(risk["threatens"] for risk in as_json(embedded, "risks", "--format", "json"))


@needs_server
def test_saved_queries_same_rows_on_both_stores(stores):
    remote, embedded = stores
    names = sorted(_saved_queries())
    assert len(names) >= 10
    for name in names:
        on_remote = sparql_rows(ok(remote, "sparql", name, "--format", "json"))
        assert on_remote == sparql_rows(ok(embedded, "sparql", name, "--format", "json")), name


@needs_server
def test_domain_commands_same_answers_on_both_stores(stores):
    remote, embedded = stores
    findings = as_json(embedded, "findings", "--format", "json")
    by_id = sorted(findings, key=lambda f: f["id"])
    assert sorted(as_json(remote, "findings", "--format", "json"), key=lambda f: f["id"]) == by_id
    statements = sorted({qs for f in findings for qs in f["quality_statements"]})
    assert statements
    for args in (
        ["risks", "--format", "json"],
        ["partners", "--format", "json"],
        ["summary", "--json"],
        *(["evidence", str(qs), "--format", "json"] for qs in statements),
    ):
        assert as_json(remote, *args) == as_json(embedded, *args), args


# --- no server needed -----------------------------------------------------------------------
QUOTE = re.compile(r"(?:ckg:quote|oa:exact)\s+\?(\w+)")
COMMENT = re.compile(r"(?m)^\s*#.*$")
FUNCTION = r"(?!(?:ASC|DESC)\b)\w+"  # any call in ORDER BY but the two directions


def _arguments(text: str, function: str) -> list[str]:
    """The argument text of each call of ``function`` in ``text``."""
    found = []
    for match in re.finditer(rf"\b{function}\s*\(", text, re.I):
        depth, end = 1, match.end()
        while depth and end < len(text):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        found.append(text[match.end() : end - 1])
    return found


def test_no_saved_query_sorts_on_a_quote_it_made_into_a_value():
    """A quote is sorted as it is stored: never made into a key (``CONCAT``), nor passed to
    a function in ``ORDER BY``, which Virtuoso refuses over 1,900 bytes or, for ``CONCAT``
    on a large store, as an 'incomplete RDF box'."""
    for name, text in _saved_queries().items():
        text = COMMENT.sub("", text)
        quotes = set(QUOTE.findall(text))
        order = re.split(r"\bORDER\s+BY\b", text, flags=re.I)[1:]
        made = _arguments(text, "CONCAT") + [
            arguments for clause in order for arguments in _arguments(clause, FUNCTION)
        ]
        for arguments in made:
            used = {v for v in quotes if re.search(rf"\?{v}\b", arguments)}
            assert not used, f"{name}: sorts on a value made from the quote ?{min(used)}"
