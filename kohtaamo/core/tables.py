"""Tables of numbers and lists that people take away: small-cell suppression, CSV and XLSX.

Statistics pages (referral funnels, culture card use) and search exports all hand their
rows to one ``Table`` so that a number shown on a page, in a CSV file and in a spreadsheet
is the same number, suppressed the same way.
"""

import csv
import heapq
import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Cells that count fewer people than this are shown as "<5": a count of one or two
# visitors in a small municipality can point at a person.
SMALL_CELL = 5
SMALL_CELL_LABEL = "<5"

# A cell hidden only so that a small one cannot be worked out from the totals: it may
# hold any number, so it says so rather than "<5".
SECONDARY_LABEL = pgettext_lazy("a number hidden in a table", "hidden")

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def suppress(count, threshold=SMALL_CELL):
    """The count as shown to readers: "<5" for 1-4, the number otherwise (0 stays 0,
    because "nobody" reveals no one)."""
    if count is None:
        return ""
    if 0 < count < threshold:
        return SMALL_CELL_LABEL
    return count


def protect(grid, *, row_totals=False, column_totals=False, threshold=SMALL_CELL):
    """The cells of ``grid`` to hide, as ``{(row, column): "primary" | "secondary"}``.

    ``grid`` is a list of rows of counts (None: a cell that does not apply, shown as
    it is). With ``column_totals`` its last row is the total of the rows above it; with
    ``row_totals`` its last column is the total of the columns before it (and the
    corner cell, with both, the grand total). Counts from 1 to ``threshold - 1`` are
    hidden (primary), and then as many more cells as it takes (secondary) that no
    hidden cell can be worked out from what is shown: from a total and the other cells
    of its row or column, nor by adding and subtracting rows and columns.

    Why that holds: write each total as minus itself, and every row and column with a
    total then sums to zero. Take a graph with a node for each such row and column
    (rows and columns without a total share one free node) and an edge for each hidden
    cell, between its row's node and its column's node. Sums that are known pin down a
    hidden cell exactly when its edge is a bridge of that graph (on no cycle): along a
    cycle one can add and take away the same amount in turn, and every sum stays the
    same. So hidden cells are added until no hidden edge is a bridge.

    The secondary cell chosen shares a row or column with the exposed one, and is, in
    this order: not zero, at least ``2 * threshold - 1`` (so that a known sum of it and
    a "<5" cell does not narrow either down to one value), not a total, and small.
    """
    height = len(grid)
    width = len(grid[0]) if height else 0
    last_row, last_column = height - 1, width - 1
    hidden = {}
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if value is not None and 0 < value < threshold:
                hidden[(i, j)] = "primary"
    if not hidden:
        return hidden

    free = ("free",)

    def ends(cell):
        i, j = cell
        return (("row", i) if row_totals else free, ("column", j) if column_totals else free)

    def is_total(cell):
        i, j = cell
        return (column_totals and i == last_row) or (row_totals and j == last_column)

    def cost(cell):
        # What hiding one more cell takes away from readers, in the order above.
        value = grid[cell[0]][cell[1]]
        return (
            (value == 0) * 1_000_000
            + (value < 2 * threshold - 1) * 100_000
            + is_total(cell) * 10_000
            + min(value, 9_999)
        )

    shown_cells = [
        (i, j)
        for i in range(height)
        for j in range(width)
        if grid[i][j] is not None and (i, j) not in hidden
    ]
    while True:
        exposed = _bridges({cell: ends(cell) for cell in hidden})
        if not exposed:
            return hidden
        bridge = min(exposed)
        # The cheapest way round the bridge: a path between its two ends through hidden
        # cells (free) and shown ones (their cost); hiding the shown ones on it puts the
        # bridge on a cycle.
        path = _cheapest_path(
            ends(bridge),
            {cell: ends(cell) for cell in hidden if cell != bridge},
            {cell: ends(cell) for cell in shown_cells if cell not in hidden},
            cost,
        )
        if not path:
            return hidden
        for cell in path:
            hidden[cell] = "secondary"


def _cheapest_path(between, free_edges, priced_edges, cost):
    """The priced edges on the cheapest path between the two nodes of ``between``."""
    start, goal = between
    adjacency = {}
    for edges, priced in ((free_edges, False), (priced_edges, True)):
        for key, (a, b) in edges.items():
            weight = cost(key) if priced else 0
            adjacency.setdefault(a, []).append((b, key, weight, priced))
            adjacency.setdefault(b, []).append((a, key, weight, priced))
    best = {start: 0}
    came = {}
    queue = [(0, 0, start)]
    counter = 0
    while queue:
        distance, _n, node = heapq.heappop(queue)
        if node == goal:
            break
        if distance > best.get(node, distance):
            continue
        for neighbour, key, weight, priced in adjacency.get(node, ()):
            if neighbour == node:
                continue
            total = distance + weight
            if total < best.get(neighbour, float("inf")):
                best[neighbour] = total
                came[neighbour] = (node, key, priced)
                counter += 1
                heapq.heappush(queue, (total, counter, neighbour))
    if goal not in came and start != goal:
        return []
    path = []
    node = goal
    while node != start:
        node, key, priced = came[node]
        if priced:
            path.append(key)
    return path


def _bridges(edges):
    """The keys of ``edges`` ({key: (node, node)}) that are bridges of the multigraph."""
    adjacency = {}
    for key, (a, b) in edges.items():
        if a == b:
            continue  # a loop is on a cycle of its own
        adjacency.setdefault(a, []).append((b, key))
        adjacency.setdefault(b, []).append((a, key))
    order, low, found = {}, {}, []
    for root in adjacency:
        if root in order:
            continue
        # Iterative depth-first search (Tarjan): an edge is a bridge when nothing below
        # it reaches above it by another edge.
        order[root] = low[root] = len(order)
        stack = [(root, None, iter(adjacency[root]))]
        while stack:
            node, via, neighbours = stack[-1]
            advanced = False
            for neighbour, key in neighbours:
                if key == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, key, iter(adjacency[neighbour])))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(via)
    return found


def shown_grid(grid, **options):
    """``grid`` as readers see it: "<5" for small counts, :data:`SECONDARY_LABEL` for
    the cells hidden to protect them (see :func:`protect`), the count otherwise."""
    hidden = protect(grid, **options)
    return [
        [
            value
            if (i, j) not in hidden
            else (SMALL_CELL_LABEL if hidden[(i, j)] == "primary" else SECONDARY_LABEL)
            for j, value in enumerate(row)
        ]
        for i, row in enumerate(grid)
    ]


def is_hidden(shown):
    """Whether a shown cell is a hidden number ("<5" or hidden)."""
    return shown in (SMALL_CELL_LABEL, SECONDARY_LABEL)


@dataclass
class Table:
    """Column headings and rows of plain values (str, int, float, date, None)."""

    headers: list
    rows: list = field(default_factory=list)
    title: str = ""

    def as_lists(self):
        return [[str(h) for h in self.headers], *[[_plain(v) for v in row] for row in self.rows]]


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _filename(name, extension):
    return f"{slugify(str(name)) or 'kohtaamo'}.{extension}"


def _formula_safe(value):
    # A cell that starts with = + - @ is run as a formula by spreadsheet programs: a
    # provider's text must never become one (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(table, name):
    buffer = io.StringIO()
    # The BOM makes Excel read the file as UTF-8, so ä and ö survive a double-click.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in table.as_lists():
        writer.writerow([_formula_safe(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "csv")}"'
    return response


def xlsx_bytes(table, sheet_title=None):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (str(sheet_title or table.title or _("Data")) or "Data")[:31]
    for index, row in enumerate(table.as_lists()):
        sheet.append([_formula_safe(v) if isinstance(v, str) else v for v in row])
        if index == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(cell.value or "")) for cell in column), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(table, name):
    response = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "xlsx")}"'
    return response
