"""Small bases for thin API views."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.views import APIView

from preau.common.pagination import PagePagination

MAX_ID = 2**63 - 1


class IdField(serializers.IntegerField):
    """A database id: positive and within a 64-bit integer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdConverter:
    """``<id:name>`` in URLs: 1 to 18 digits, so no id overflows the database integer."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class ListApi(APIView):
    """A paginated GET list whose query parameters are validated by ``filter_serializer``.

    Unknown parameters are ignored; a bad value answers 400 naming the parameter.
    """

    filter_serializer: type[serializers.Serializer] | None = None

    def filters(self) -> dict:
        if self.filter_serializer is None:
            return {}
        params = self.filter_serializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data

    def paginated(self, queryset, output_serializer):
        paginator = PagePagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(output_serializer(page, many=True).data)
