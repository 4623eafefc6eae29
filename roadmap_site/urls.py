from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("missions.urls")),
    path("commitments/", include("commitments.urls")),
    path("departments/", include("departments.urls")),
    path("returns/", include("departments.return_urls")),
    path("data/", include("commitments.data_urls")),
    path("admin/", admin.site.urls),
]
