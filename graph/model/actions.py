"""The action plan's vocabulary: its columns, the statuses an action can have, its graph.

The action plan (``carekg actions``) is written by ``carekg.graph.show.actions``
and read back by ``carekg.graph.actions``; both name its columns and statuses
from here, so a file written by one is always read by the other.

>>> normalise_status(" In Progress ")
'in progress'
>>> normalise_status("finished") is None
True
>>> header_key("Due date"), header_key("due_date"), header_key(" DUE-DATE ")
('due date', 'due date', 'due date')
"""

from __future__ import annotations

import re

from carekg.graph.model.namespaces import GRAPH

# Where imported owners, due dates and statuses live: one named graph of their own.
ACTIONS_GRAPH = GRAPH["actions"]

STATUSES: tuple[str, ...] = ("not started", "in progress", "blocked", "done", "dropped")
# An action in one of these is no longer open.
CLOSED_STATUSES = frozenset({"done", "dropped"})

# The action plan's columns, in order. The importer needs ``id`` (or ``quote``
# to match a row when its id is gone) and reads ``owner``, ``due date`` and ``status``.
PLAN_COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "quality statements",
    "quote",
    "what it addresses",
    "partners",
    "risks it would reduce",
    "owner",
    "due date",
    "status",
    "report",
    "source",
)
FILLED_COLUMNS: tuple[str, ...] = ("owner", "due date", "status")


def header_key(name: object) -> str:
    """A column heading as the plan names it: lower case, ``_`` and ``-`` as spaces."""
    return re.sub(r"[\s_-]+", " ", str(name or "")).strip().lower()


def normalise_status(value: str) -> str | None:
    """``value`` as one of ``STATUSES`` (any case and spacing), or None if it is none of them."""
    status = header_key(value)
    return status if status in STATUSES else None


def is_open(status: str | None) -> bool:
    """Whether an action with this status (None: nothing recorded) still needs doing."""
    return status not in CLOSED_STATUSES
