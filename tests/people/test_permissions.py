import pytest

from preau.people.permissions import is_authority_only
from tests.factories import GuardianshipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "expected"),
    [("commune", True), ("inspector", True), ("dasen", True), ("teacher", False),
     ("director", False), ("guardian", False), ("pupil", False)],
)
def test_authority_roles_are_read_only(world, role, expected):
    assert is_authority_only(world.user(role)) is expected


def test_an_inspector_who_is_also_a_parent_keeps_the_parent_writes(world):
    inspector = world.user("inspector")
    GuardianshipFactory(guardian=inspector.person)
    assert is_authority_only(inspector) is False
