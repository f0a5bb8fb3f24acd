"""The runnable examples in the library's docstrings, every module that has them.

Examples that need a graph use ``bexley``: the bundled Bexley store, read-only.
"""

import doctest
import gc
import importlib
import pkgutil
from pathlib import Path

import pytest

import carekg.graph
from carekg.graph.store import open_store


def modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(carekg.graph.__path__, "carekg.graph."):
        spec = importlib.util.find_spec(info.name)
        if spec and spec.origin and ">>>" in Path(spec.origin).read_text(encoding="utf-8"):
            names.append(info.name)
    return sorted(names)


MODULES = modules_with_examples()


def test_the_layers_have_examples():
    layers = {name.split(".")[2] for name in MODULES}
    assert {"model", "extract", "store", "ask", "analyse", "show"} <= layers, layers


@pytest.fixture(scope="module")
def bexley(bexley_store):
    store = open_store(bexley_store)
    yield store
    store.close()
    gc.collect()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, bexley):
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS, extraglobs={"bexley": bexley}
    )
    assert tried > 0, f"{name} has no examples"
    assert failures == 0
