from django.urls import path, re_path

from departments import return_views

app_name = "returns"

urlpatterns = [
    path("", return_views.my_returns, name="mine"),
    path("tracker/", return_views.tracker, name="tracker"),
    path("review/<int:pk>/", return_views.return_review, name="review"),
    path("<slug:department_slug>/<slug:period_slug>/", return_views.return_entry, name="entry"),
    path("<slug:department_slug>/<slug:period_slug>/upload/", return_views.return_upload, name="upload"),
    re_path(
        r"^(?P<department_slug>[-\w]+)/(?P<period_slug>[-\w]+)/template\.(?P<extension>xlsx|csv)$",
        return_views.return_template,
        name="template",
    ),
]
