from django.urls import path, re_path

from commitments import data_views
from roadmap_site.page_cache import cached_public_page

app_name = "data"

EXPORT = r"\.(?P<format>csv|xlsx|ods|json)$"

urlpatterns = [
    path("", cached_public_page(data_views.data_index), name="index"),
    path("figures/", cached_public_page(data_views.FigureTableView.as_view()), name="figures"),
    re_path(r"^figures" + EXPORT, cached_public_page(data_views.FigureTableView.as_view()), name="figures-export"),
    path("departments/", cached_public_page(data_views.DepartmentMetricView.as_view()), name="departments"),
    re_path(
        r"^departments" + EXPORT,
        cached_public_page(data_views.DepartmentMetricView.as_view()),
        name="departments-export",
    ),
    path("commitments/", cached_public_page(data_views.CommitmentTableView.as_view()), name="commitments"),
    re_path(
        r"^commitments" + EXPORT,
        cached_public_page(data_views.CommitmentTableView.as_view()),
        name="commitments-export",
    ),
]
