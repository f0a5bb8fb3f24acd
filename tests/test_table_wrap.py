"""Tables break long cells exactly where textwrap would (break_on_hyphens=False), for
any text and width: the greedy pass in ``formats._wrap`` is only a faster road there."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from carekg.graph.show.formats import _wrap, to_table

WORDS = st.text(alphabet="ab-c’é", min_size=0, max_size=14)
SPACES = st.sampled_from([" ", " ", " ", "  ", "\t", " \r "])


@st.composite
def cells(draw) -> str:
    words = draw(st.lists(WORDS, max_size=30))
    text = ""
    for word in words:
        text += word + draw(SPACES)
    return text if draw(st.booleans()) else text.strip()


@settings(max_examples=600, deadline=None)
@given(cells(), st.integers(min_value=1, max_value=40))
def test_wrap_breaks_where_textwrap_does(text, width):
    expected = textwrap.TextWrapper(width, break_on_hyphens=False).wrap(text) or [""]
    assert _wrap(text, width) == expected


def test_long_quote_in_a_table_keeps_every_word():
    quote = "The council and the ICB agreed a joint plan for hospital discharge " * 4
    table = to_table([{"kind": "risk", "text": quote.strip()}], width=40)
    assert table.split() == ["kind", "text", "----", "-" * 34, "risk", *quote.split()]
