from django.urls import path, re_path

from commitments import data_views

app_name = "data"

EXPORT = r"\.(?P<format>csv|xlsx|ods|json)$"

urlpatterns = [
    path("", data_views.data_index, name="index"),
    path("figures/", data_views.FigureTableView.as_view(), name="figures"),
    re_path(r"^figures" + EXPORT, data_views.FigureTableView.as_view(), name="figures-export"),
    path("departments/", data_views.DepartmentMetricView.as_view(), name="departments"),
    re_path(r"^departments" + EXPORT, data_views.DepartmentMetricView.as_view(), name="departments-export"),
    path("commitments/", data_views.CommitmentTableView.as_view(), name="commitments"),
    re_path(r"^commitments" + EXPORT, data_views.CommitmentTableView.as_view(), name="commitments-export"),
]
