"""Small bases for thin API views."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.views import APIView

from preau.common.pagination import PagePagination


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
