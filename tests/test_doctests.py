"""The runnable examples in the library's docstrings."""

import doctest
import importlib

import pytest

MODULES = [
    "carekg.graph.namespaces",
    "carekg.graph.readers",
    "carekg.graph.document",
    "carekg.graph.sections",
    "carekg.graph.findings",
    "carekg.graph.vocabulary",
    "carekg.graph.report_graph",
    "carekg.graph.store",
    "carekg.graph.queries",
    "carekg.graph.ingest",
    "carekg.graph.output",
    "carekg.graph.export",
    "carekg.graph.query_text",
    "carekg.graph.questions",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0, f"{name} has no examples"
    assert failures == 0
