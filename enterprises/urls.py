from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path(
        "overview/", views.EnterpriseOverviewView.as_view(), name="enterprise_overview"
    ),
    path(
        "<slug:slug>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"
    ),
]
