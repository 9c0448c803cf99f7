"""Role-matrix row of the home page: about the viewer only (every role signed in gets its
own sections; what each section may hold is tests/today/test_today.py)."""

from tests.matrix import Row

ROWS: list[Row] = [
    Row("today:today", kind="self"),
]
