from django.urls import path

from . import views
from .feeds import LatestReleasesFeed

app_name = "news"

urlpatterns = [
    path("", views.ReleaseListView.as_view(), name="release_list"),
    path("feed/", LatestReleasesFeed(), name="release_feed"),
    path("<slug:slug>/", views.ReleaseDetailView.as_view(), name="release_detail"),
]
