"""Every operation × every kind of account, with hostile input: no 5xx.

- A JSON body nested far past Python's recursion limit (100,000 ``[``, 5,000 ``{"a":``),
  whatever the method: a 4xx in the error envelope (or the answer the operation gives
  without reading a body), never a 500.
- The last day of the calendar (9999-12-31) in every date query parameter and top-level
  date field of a JSON body, on cases Schemathesis generates: a documented answer (a 400
  naming the field), never a 500 (an overflow of the week or year around it).
"""

import pytest

from tests.fuzz.harness import (
    FUZZ_NOW,
    FUZZ_ROLES,
    examples_per_operation,
    fuzz_role,
    nested_json_role,
    prepare_world,
)

pytestmark = pytest.mark.django_db

# Every matrix row's objects, prepared once for the module (5 to 9 s a test otherwise);
# each test fuzzes in a savepoint on a copy of that world (tests/conftest.py).
WORLD_NOW = FUZZ_NOW
WORLD_EXTRAS = (prepare_world,)


@pytest.fixture
def world(world_of_module):
    return world_of_module


@pytest.mark.parametrize("role", FUZZ_ROLES)
def test_every_operation_refuses_deeply_nested_json_without_a_server_error(
    api_schema, fuzz_world, role
):
    report = nested_json_role(api_schema, fuzz_world, role)
    print(report.summary())

    assert report.failures == {}, "\n".join(f"{k}: {v}" for k, v in report.failures.items())
    assert len(report.per_operation) >= 130


@pytest.mark.parametrize("role", FUZZ_ROLES)
def test_every_date_at_the_end_of_the_calendar_answers_without_a_server_error(
    api_schema, fuzz_world, role
):
    report = fuzz_role(api_schema, fuzz_world, role, examples_per_operation(2),
                       far_dates=True)
    print(report.summary())

    assert report.failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in report.failures.items())
    assert report.cases > 0
