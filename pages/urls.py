from django.urls import path

from . import views

app_name = "pages"

# Included last in the URL map: every other route is tried first, and
# Page.slug_is_free() refuses a slug another route would answer.
urlpatterns = [
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
]
