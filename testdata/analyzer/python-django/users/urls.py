from django.urls import path

from . import views
from .views import OrderView

urlpatterns = [
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("users/<int:user_id>/orders/", OrderView.as_view(), name="user-orders"),
    path("users/", views.UserListView.as_view()),
]
