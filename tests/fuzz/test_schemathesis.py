"""Every operation of the committed schema × every kind of account: no 500, no answer the
schema does not describe (status, content type, body).

The normal run makes a few cases per operation; ``make fuzz`` sets ``FUZZ_EXAMPLES=50``.
"""

import pytest

from tests.fuzz.harness import (
    FUZZ_NOW,
    FUZZ_ROLES,
    examples_per_operation,
    fuzz_role,
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
def test_every_operation_answers_as_the_schema_says(api_schema, fuzz_world, role):
    report = fuzz_role(api_schema, fuzz_world, role, examples_per_operation(3))
    print(report.summary())
    for label, failure in report.failures.items():
        print(f"FAILURE {role} {label}\n{failure}")
    assert report.failures == {}, "\n\n".join(f"{k}\n{v}" for k, v in report.failures.items())
    assert len(report.per_operation) >= 130
    # The world's ids lead the path parameters: most cases reach a view, not a 404.
    assert report.reached >= 0.25
