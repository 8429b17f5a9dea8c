from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("claim/<slug:slug>/", views.ClaimView.as_view(), name="claim"),
    path(
        "claim-link/<str:token>/",
        views.ClaimConfirmView.as_view(),
        name="claim_confirm",
    ),
    path("firm/<int:firm>/", views.FirmView.as_view(), name="firm"),
    path("firm/<int:firm>/edit/", views.ListingEditView.as_view(), name="listing_edit"),
    path(
        "firm/<int:firm>/inbox/", views.InquiryListView.as_view(), name="inquiry_list"
    ),
    path(
        "firm/<int:firm>/inbox/<int:pk>/",
        views.InquiryDetailView.as_view(),
        name="inquiry_detail",
    ),
    path(
        "firm/<int:firm>/inbox/<int:pk>/status/",
        views.InquiryStatusView.as_view(),
        name="inquiry_status",
    ),
]
