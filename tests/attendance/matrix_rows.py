"""Role-matrix rows of attendance (see tests/matrix.py for the Row fields)."""

ROWS: list = []
