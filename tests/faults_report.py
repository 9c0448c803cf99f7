"""Figures of the fault tests, printed at the end of the run (CI's log keeps them).

A fault test asks for the ``fault_report`` fixture and calls it with its name and its
counts::

    fault_report("redis outage", writes_attempted=30, answered_2xx=30, answered_5xx=0)

which prints ``redis outage: 30 writes attempted, 30 answered 2xx, 0 answered 5xx``.

pytest captures what tests print; the figures are collected instead (from the tests'
reports, so pytest-xdist's workers send them too) and shown in a "Fault tests" section of
the terminal summary. Only the tests that ran (and got as far as
reporting) appear there.
"""

from __future__ import annotations

import pytest

# The figures travel in the test's report (``user_properties``), so that they reach the
# process that prints the summary when pytest-xdist runs the tests in workers.
PROPERTY = "fault_report"
_reports: list[tuple[str, str, dict]] = []  # (name, test id, counts), in the order reported


def _format(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


@pytest.fixture
def fault_report(request):
    def report(name: str, **counts) -> None:
        request.node.user_properties.append((PROPERTY, {"name": name, "counts": counts}))

    return report


def pytest_runtest_logreport(report) -> None:
    if report.when != "call":
        return
    for key, value in report.user_properties:
        if key == PROPERTY:
            _reports.append((value["name"], report.nodeid, value["counts"]))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not _reports:
        return
    terminalreporter.section("Fault tests")
    for name, nodeid, counts in _reports:
        figures = ", ".join(f"{_format(value)} {key.replace('_', ' ')}"
                            for key, value in counts.items())
        terminalreporter.write_line(f"{name}: {figures}")
        terminalreporter.write_line(f"    ({nodeid})")
