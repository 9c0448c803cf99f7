from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from preau.common.apis import IdField, ListApi
from preau.common.schema import LIST_ERRORS, PAGE_PARAMETERS, READ_ERRORS, paginated
from preau.people.access import Purpose, person_get_for, pupil_get_for
from preau.people.selectors import pupil_detail, pupil_list
from preau.people.serializers import PersonOutput, PupilOutput


class PupilListFilter(serializers.Serializer):
    classroom = IdField(required=False)
    school = IdField(required=False)
    search = serializers.CharField(max_length=100, required=False)


class PupilListApi(ListApi):
    """Pupils the viewer may see, with their enrolment today."""

    filter_serializer = PupilListFilter

    @extend_schema(
        parameters=[PupilListFilter, *PAGE_PARAMETERS],
        responses={200: paginated(PupilOutput), **LIST_ERRORS},
        tags=["people"],
    )
    def get(self, request):
        return self.paginated(pupil_list(viewer=request.user, filters=self.filters()),
                              PupilOutput)


class PupilDetailApi(APIView):
    """One pupil, if the viewer may see them (404 otherwise)."""

    @extend_schema(responses={200: PupilOutput, **READ_ERRORS}, tags=["people"])
    def get(self, request, pupil_id: int):
        pupil = pupil_detail(pupil=pupil_get_for(request.user, pupil_id, purpose=Purpose.READ))
        return Response(PupilOutput(pupil).data)


class PersonDetailApi(APIView):
    """The name of a person the viewer may know (404 otherwise)."""

    @extend_schema(responses={200: PersonOutput, **READ_ERRORS}, tags=["people"])
    def get(self, request, person_id: int):
        person = person_get_for(request.user, person_id, purpose=Purpose.READ)
        return Response(PersonOutput(person).data)
