"""Small-cell suppression with secondary suppression: no hidden number can be worked
out from what a table shows, its totals included."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kohtaamo.core.tables import SECONDARY_LABEL, SMALL_CELL_LABEL, protect, shown_grid


def with_margins(body, *, row_totals, column_totals):
    grid = [list(row) for row in body]
    if row_totals:
        grid = [[*row, sum(row)] for row in grid]
    if column_totals:
        grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def equations(grid, *, row_totals, column_totals):
    """Each total as the sum of its row or column: {cell: coefficient} = 0."""
    height, width = len(grid), len(grid[0])
    found = []
    if row_totals:
        for i in range(height):
            found.append({**{(i, j): 1 for j in range(width - 1)}, (i, width - 1): -1})
    if column_totals:
        for j in range(width):
            found.append({**{(i, j): 1 for i in range(height - 1)}, (height - 1, j): -1})
    return found


def derivable(grid, hidden, **margins):
    """The hidden cells whose value follows from the shown cells and the totals: those
    whose unit vector lies in the row space of the equations over the hidden cells
    (exact arithmetic, an independent check of protect's graph argument)."""
    cells = sorted(hidden)
    index = {cell: k for k, cell in enumerate(cells)}
    rows = []
    for equation in equations(grid, **margins):
        row = [Fraction(0)] * len(cells)
        for cell, coefficient in equation.items():
            if cell in index:
                row[index[cell]] = Fraction(coefficient)
        if any(row):
            rows.append(row)
    # Reduced row echelon form.
    pivots = []
    r = 0
    for c in range(len(cells)):
        pivot = next((k for k in range(r, len(rows)) if rows[k][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [value / rows[r][c] for value in rows[r]]
        for k in range(len(rows)):
            if k != r and rows[k][c] != 0:
                factor = rows[k][c]
                rows[k] = [a - factor * b for a, b in zip(rows[k], rows[r], strict=True)]
        pivots.append((r, c))
        r += 1
    return [
        cells[c] for r, c in pivots if all(value == 0 for k, value in enumerate(rows[r]) if k != c)
    ]


# Many small counts and zeros, as in a county's numbers by municipality.
counts = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def tables(draw):
    height = draw(st.integers(1, 5))
    width = draw(st.integers(1, 5))
    body = draw(
        st.lists(st.lists(counts, min_size=width, max_size=width), min_size=height, max_size=height)
    )
    margins = draw(
        st.sampled_from(
            [
                {"row_totals": False, "column_totals": True},  # columns with a total line
                {"row_totals": True, "column_totals": False},
                {"row_totals": True, "column_totals": True},  # a 2-D table with margins
            ]
        )
    )
    return with_margins(body, **margins), margins


@settings(max_examples=400, deadline=None)
@given(tables())
def test_no_hidden_cell_can_be_worked_out_from_the_shown_cells_and_totals(case):
    grid, margins = case
    hidden = protect(grid, **margins)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if 0 < value < 5:
                assert hidden[(i, j)] == "primary"
    assert derivable(grid, hidden, **margins) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=1, max_size=12))
def test_a_list_with_its_total(values):
    grid = with_margins([[value] for value in values], row_totals=False, column_totals=True)
    hidden = protect(grid, column_totals=True)
    assert derivable(grid, hidden, row_totals=False, column_totals=True) == []
    # One hidden cell alone would be the total minus the others.
    assert len(hidden) != 1


def test_one_small_cell_takes_a_second_one_with_it():
    grid = [[3], [12], [40], [55]]  # 3 + 12 + 40 = 55
    assert shown_grid(grid, column_totals=True) == [
        [SMALL_CELL_LABEL],
        [SECONDARY_LABEL],
        [40],
        [55],
    ]


def test_two_small_cells_protect_each_other():
    grid = [[3], [2], [40], [45]]
    assert protect(grid, column_totals=True) == {(0, 0): "primary", (1, 0): "primary"}


def test_a_small_cell_beside_zeros_hides_its_total():
    # 0, 3, 0 and 12 in the next column: the total 3 is small too, and nothing else
    # in the column may be hidden without saying it is zero.
    grid = [[0, 5], [3, 7], [0, 0], [3, 12]]
    hidden = protect(grid, column_totals=True)
    assert hidden == {(1, 0): "primary", (3, 0): "primary"}


def test_in_a_table_with_margins_a_small_cell_hides_a_rectangle():
    body = [[3, 20, 30], [10, 25, 40], [12, 14, 50]]
    grid = with_margins(body, row_totals=True, column_totals=True)
    hidden = protect(grid, row_totals=True, column_totals=True)
    assert hidden[(0, 0)] == "primary"
    assert len(hidden) == 4  # a rectangle: two rows, two columns
    rows = {i for i, _j in hidden}
    columns = {j for _i, j in hidden}
    assert len(rows) == 2 and len(columns) == 2
    assert derivable(grid, hidden, row_totals=True, column_totals=True) == []


def test_no_small_cell_hides_nothing():
    grid = [[0, 10], [7, 0], [7, 10]]
    assert protect(grid, column_totals=True) == {}
    assert shown_grid(grid, column_totals=True) == grid
