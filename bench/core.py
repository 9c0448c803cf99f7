"""What every scenario returns, and how ratios to a floor are computed.

A scenario measures our figure and its floor side by side, alternating (A B A B …) for at
least three rounds, and reports the median ratio. It returns one or more ``Row``s; the
runner writes them to ``docs/benchmarks.md`` and the raw samples to a JSON file.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Row:
    scenario: str  # "1 roll call", "2 homework", …
    measure: str  # what is measured, e.g. "CPU per submit (ms)"
    ours: float
    floor: float | None  # None when the measure has no floor (e.g. drops)
    goal: str  # the goal for this line, e.g. "ratio ≤ 3"
    ok: bool | None  # None when there is no goal to check
    queries: float | None = None  # SQL queries per operation
    redis_commands: float | None = None  # Redis commands per operation
    command: str = ""  # the command that reproduces the line
    note: str = ""
    raw: dict[str, Any] = field(default_factory=dict)  # samples, rounds, percentiles
    # The median of the per-round ratios (A B A B …), when the scenario paired its rounds:
    # the ratio the goal is judged on. Else the ratio is ours / floor.
    paired: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.paired is not None:
            return self.paired
        if self.floor in (None, 0):
            return None
        return self.ours / self.floor

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


def median_ratio(ours: list[float], floors: list[float]) -> float:
    """Median of per-round ratios, rounds paired in the order they were run (A B A B …)."""
    if not ours or len(ours) != len(floors):
        raise ValueError("pair every round with its floor")
    return statistics.median(a / b for a, b in zip(ours, floors, strict=True) if b)


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile of all samples (p in 0..100)."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank]


def alternate(rounds: int, ours, floor) -> tuple[list[float], list[float]]:
    """Run ``ours()`` and ``floor()`` alternately ``rounds`` times; each returns one figure."""
    a, b = [], []
    for _ in range(max(3, rounds)):
        a.append(ours())
        b.append(floor())
    return a, b


@dataclass
class Context:
    """What the runner gives every scenario.

    The runner process has Django set up with ``settings_module`` against
    ``database_url`` (PostgreSQL) after building the dataset; scenarios find the users,
    classes and schools they need with the ORM. Every seeded account has ``password``.
    """

    database_url: str
    redis_url: str
    out_dir: Any  # pathlib.Path where raw JSON and temporary files go
    password: str
    settings_module: str = "bench.settings"
    rounds: int = 3
    quick: bool = False  # a short smoke run (development, tests of the harness)
    scale: int = 1
    extra: dict[str, Any] = field(default_factory=dict)
