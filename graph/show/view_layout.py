"""Where each node of the view sits, computed before the page is written.

The layout is grouped, not simulated, so that it is the same on every run and
reads like the framework: one row per theme (the theme's box at its left), in
each row one cell per quality statement (its ellipse on top, its findings in
a grid below, sorted by kind), and to the right columns of the nodes many
findings share (partners, outcomes, Care Act duties), each at the height of
the findings it links to. Councils of the aggregated view sit in a grid under
the rows. Coordinates are integers, so the page's bytes depend on nothing but
the graph.

Each node gives its ``slot``:

- ``("theme", row)``: the box at the left of a row;
- ``("head", row, cell)``: the node on top of a cell (a quality statement);
- ``("cell", row, cell, order)``: a member of a cell, placed by ``order``
  (``("cell", row, cell, order, columns)`` asks for one line of ``columns``);
- ``("hub", column, order)``: a shared node, in hub column ``column``;
- ``("grid", order)``: a node in the grid under the rows.

>>> nodes = [{"id": "t", "slot": ("theme", 1)}, {"id": "q", "slot": ("head", 1, 8)},
...          {"id": "f", "slot": ("cell", 1, 8, (0,))}, {"id": "p", "slot": ("hub", 0, "p")}]
>>> positions = layout(nodes, [("f", "p"), ("f", "q")])
>>> positions["t"][0] < positions["q"][0] < positions["p"][0]
True
>>> positions["q"][1] < positions["f"][1]
True
"""

from __future__ import annotations

import math
from collections import defaultdict

COLUMN = 130  # width of a finding's place in a cell
ROW = 72  # height of a finding's place in a cell
HEAD = 150  # room for the quality statement on top of a cell
LINE_COLUMN = 105  # width of a place in a cell laid out as one line (short labels)
THEME_WIDTH = 270  # the theme boxes' column
CELL_GAP = 70
ROW_GAP = 110
HUB_GAP = 170  # between the rows and the first hub column
HUB_COLUMN = 350
HUB_STEP = 66  # between two one-line partners in a column (labels inside)
HUB_LINE = 34  # more room for each further line of a hub's label
OTHER_HUB_STEP = 96  # between two hubs with labels under their shape
GRID_COLUMN = 240
GRID_ROW = 100


def _cell_shape(count: int) -> tuple[int, int]:
    """Columns and rows of a cell's grid: about square on screen, at least one place."""
    columns = max(1, math.ceil(math.sqrt(count * ROW / COLUMN * 1.6)))
    return columns, max(1, math.ceil(count / columns))


def _rows(nodes: list[dict], positions: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """Place themes, heads and cells; returns the width and height used."""
    cells: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    heads: dict[tuple, str] = {}
    themes: dict[int, str] = {}
    wide: dict[tuple, int] = {}  # cells whose nodes ask for a number of columns
    for node in nodes:
        slot = node["slot"]
        if slot[0] == "theme":
            themes[slot[1]] = node["id"]
            cells[slot[1]]  # a theme with nothing drawn still has its row
        elif slot[0] == "head":
            heads[(slot[1], slot[2])] = node["id"]
            cells[slot[1]][slot[2]]
        elif slot[0] == "cell":
            cells[slot[1]][slot[2]].append((slot[3], node["id"]))
            if len(slot) > 4:
                wide[(slot[1], slot[2])] = slot[4]
    y = 0
    width = 0
    for row in sorted(cells):
        shapes = {
            cell: (wide[(row, cell)], 1) if (row, cell) in wide else _cell_shape(len(members))
            for cell, members in cells[row].items()
        }
        height = HEAD + max((r * ROW for _, r in shapes.values()), default=ROW)
        x = THEME_WIDTH
        for cell in sorted(cells[row]):
            columns, _ = shapes[cell]
            step = LINE_COLUMN if (row, cell) in wide else COLUMN
            cell_width = max(columns * step, 2 * COLUMN)
            if (row, cell) in heads:
                positions[heads[(row, cell)]] = (x + cell_width // 2 - COLUMN // 2, y)
            for index, (_, node) in enumerate(sorted(cells[row][cell])):
                column, line = index % columns, index // columns
                positions[node] = (x + column * step, y + HEAD + line * ROW)
            x += cell_width + CELL_GAP
        if row in themes:
            positions[themes[row]] = (0, y + height // 2 - ROW // 2)
        width = max(width, x)
        y += height + ROW_GAP
    return width, y


def _hubs(nodes, edges, positions, left: int, height: int) -> int:
    """Place the shared nodes in columns right of ``left``; returns the right edge."""
    linked: dict[str, list[int]] = defaultdict(list)
    for a, b in edges:
        if a in positions:
            linked[b].append(positions[a][1])
        if b in positions:
            linked[a].append(positions[b][1])
    columns: dict[int, list[tuple]] = defaultdict(list)
    for node in nodes:
        if node["slot"][0] == "hub":
            ys = linked.get(node["id"], [])
            wanted = sum(ys) / len(ys) if ys else height / 2
            lines = node.get("label", "").count("\n") + 1
            room = HUB_STEP + HUB_LINE * (lines - 1)
            columns[node["slot"][1]].append((round(wanted), node["slot"][2], node["id"], room))
    x = left + HUB_GAP
    for column in sorted(columns):
        extra = 0 if column == 0 else OTHER_HUB_STEP - HUB_STEP
        hubs = sorted(columns[column])
        per_column = max(1, height // (HUB_STEP + extra))
        for start in range(0, len(hubs), per_column):
            part = hubs[start : start + per_column]
            # Each at its wanted height, pushed down to keep clear of the one
            # above, then the column moved up if it ran past the bottom.
            ys, last, last_room = [], None, 0
            for wanted, _, _, room in part:
                room += extra
                last = wanted if last is None else max(wanted, last + (last_room + room) // 2)
                last_room = room
                ys.append(last)
            shift = max(0, ys[-1] - max(height - ROW, 0))
            for (_, _, node, _), y in zip(part, ys, strict=True):
                positions[node] = (x, max(0, y - shift) if shift else y)
            x += HUB_COLUMN
    return x


def _grid(nodes, positions, top: int, width: int) -> None:
    """The grid under the rows: as wide as the rows, or wider when that keeps it flatter."""
    members = sorted((node["slot"][1], node["id"]) for node in nodes if node["slot"][0] == "grid")
    square = math.ceil(math.sqrt(len(members) * 2.5 * GRID_ROW / GRID_COLUMN))
    per_row = max(1, width // GRID_COLUMN, square)
    for index, (_, node) in enumerate(members):
        positions[node] = (
            THEME_WIDTH + (index % per_row) * GRID_COLUMN,
            top + (index // per_row) * GRID_ROW,
        )


def layout(nodes: list[dict], edges: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """Integer ``(x, y)`` for every node, from its ``slot`` (see the module's docstring)."""
    positions: dict[str, tuple[int, int]] = {}
    width, height = _rows(nodes, positions)
    right = _hubs(nodes, edges, positions, width, height)
    _grid(nodes, positions, height + ROW_GAP, max(width, right) - THEME_WIDTH)
    for node in nodes:  # anything without a known slot: bottom left
        positions.setdefault(node["id"], (0, height + ROW_GAP))
    return positions
