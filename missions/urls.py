from django.urls import path

from missions import views

app_name = "missions"

urlpatterns = [
    path("", views.home, name="home"),
    path("missions/<int:number>/", views.mission_detail, name="detail"),
    path("about/", views.about, name="about"),
]
