from django.urls import path

from departments import return_views

app_name = "returns"

urlpatterns = [
    path("", return_views.my_returns, name="mine"),
    path("tracker/", return_views.tracker, name="tracker"),
    path("review/<int:pk>/", return_views.return_review, name="review"),
    path("<slug:department_slug>/<slug:period_slug>/", return_views.return_entry, name="entry"),
]
