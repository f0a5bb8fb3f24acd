"""Shared fixtures: a Bexley store built once per session, and a CLI runner."""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from carekg.cli import cli
from carekg.graph.pipeline import build
from carekg.graph.store import open_store
from carekg.graph.store.answers import ANSWERS_FOLDER

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "reports"
FIXTURES = ROOT / "tests" / "fixtures" / "reports"

# Debian's Chromium, started so that it reaches for nothing on the network (this
# machine's network is closed; the page under test must make no request either).
CHROMIUM = os.environ.get("CAREKG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_store(path: Path, reports: list[Path] | None = None) -> Path:
    """Build the graph of ``reports`` (the bundled Bexley ones by default) at ``path`` and
    release the store's lock."""
    store = open_store(path, write=True)
    build(store, reports)
    store.close()
    del store
    gc.collect()
    return path


@pytest.fixture(scope="session")
def bexley_store(tmp_path_factory) -> Path:
    """A store built from the bundled reports; tests must only read it."""
    return build_store(tmp_path_factory.mktemp("bexley") / "store")


@pytest.fixture
def writable_store(bexley_store, tmp_path) -> Path:
    """A private copy of the Bexley store that a test may change."""
    target = tmp_path / "store"
    shutil.copytree(bexley_store, target, symlinks=True)
    (target / "LOCK").unlink(missing_ok=True)
    # Without the answers other tests' commands kept on the shared store.
    shutil.rmtree((target / "current").resolve() / ANSWERS_FOLDER, ignore_errors=True)
    return target


class Run:
    """Invoke the CLI in-process against one store: ``run("findings", "--qs", "8")``."""

    def __init__(self, store: Path):
        self.store = store
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None):
        result = self.runner.invoke(cli, ["--store", str(self.store), *args], input=input)
        gc.collect()  # drop the command's store object and its lock
        return result


@pytest.fixture
def run(bexley_store) -> Run:
    return Run(bexley_store)


@pytest.fixture
def run_writable(writable_store) -> Run:
    return Run(writable_store)
