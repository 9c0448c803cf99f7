"""Role-matrix rows of this app (see tests/matrix.py for the Row fields)."""

ROWS: list = []
