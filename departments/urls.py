from django.urls import path

from departments import views

app_name = "departments"

urlpatterns = [
    path("", views.department_index, name="index"),
    path("<slug:slug>/", views.department_detail, name="detail"),
]
