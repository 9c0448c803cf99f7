"""Lists cost a constant number of SQL queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from preau.people.models import AuthorityRole
from tests.factories import (
    AuthorityMembershipFactory,
    ClassroomFactory,
    EnrolmentFactory,
    SchoolFactory,
    TeacherAssignmentFactory,
    UserFactory,
)
from tests.matrix import FOUNDATION_ROWS

pytestmark = pytest.mark.django_db

# The foundation's lists, grown for an inspector; each app asserts its own lists' counts.
LIST_NAMES = [row.name for row in FOUNDATION_ROWS if row.kind == "list"]


def grow(circonscription, schools: int) -> None:
    for _ in range(schools):
        school = SchoolFactory(circonscription=circonscription)
        for _ in range(2):
            classroom = ClassroomFactory(school=school)
            TeacherAssignmentFactory(classroom=classroom)
            TeacherAssignmentFactory(classroom=classroom)
            for _ in range(3):
                EnrolmentFactory(classroom=classroom)


def count_queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("name", LIST_NAMES)
def test_list_query_count_does_not_grow_with_rows(name, api_client, django_assert_max_num_queries):
    school = SchoolFactory()
    membership = AuthorityMembershipFactory(
        role=AuthorityRole.INSPECTOR, circonscription=school.circonscription
    )
    api_client.force_login(UserFactory(person=membership.person))
    grow(school.circonscription, schools=1)
    small_queries, small_count = count_queries(api_client, reverse(name))

    grow(school.circonscription, schools=8)
    large_queries, large_count = count_queries(api_client, reverse(name))

    assert large_count > small_count
    assert large_queries == small_queries
    with django_assert_max_num_queries(small_queries):
        api_client.get(reverse(name), {"page_size": 200})
