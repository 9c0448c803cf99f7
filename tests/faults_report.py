"""Figures of the fault tests, printed at the end of the run (CI's log keeps them).

A fault test asks for the ``fault_report`` fixture and calls it with its name and its
counts::

    fault_report("redis outage", writes_attempted=30, answered_2xx=30, answered_5xx=0)

which prints ``redis outage: 30 writes attempted, 30 answered 2xx, 0 answered 5xx``.

pytest captures what tests print; the figures are collected instead and shown in a
"Fault tests" section of the terminal summary. Only the tests that ran (and got as far as
reporting) appear there.
"""

from __future__ import annotations

import pytest

_REPORTS = pytest.StashKey[list[tuple[str, str, dict]]]()


def _format(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


@pytest.fixture
def fault_report(request):
    reports = request.config.stash.setdefault(_REPORTS, [])

    def report(name: str, **counts) -> None:
        reports.append((name, request.node.nodeid, counts))

    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    reports = config.stash.get(_REPORTS, [])
    if not reports:
        return
    terminalreporter.section("Fault tests")
    for name, nodeid, counts in reports:
        figures = ", ".join(f"{_format(value)} {key.replace('_', ' ')}"
                            for key, value in counts.items())
        terminalreporter.write_line(f"{name}: {figures}")
        terminalreporter.write_line(f"    ({nodeid})")
