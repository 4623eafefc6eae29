from django.urls import path

from commitments import views

app_name = "commitments"

urlpatterns = [
    path("<int:number>/", views.commitment_detail, name="detail"),
]
