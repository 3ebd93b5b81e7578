from django.contrib import admin
from django.urls import include, path, re_path
from rest_framework import routers

from mysite import views
from users.views import UserViewSet

router = routers.DefaultRouter()
router.register(r"accounts", UserViewSet, basename="account")

health_patterns = [
    path("live/", views.live),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("api/", include("users.urls")),
    re_path(r"^legacy/", include("legacy.urls")),
    path("health/", include(health_patterns)),
]
urlpatterns += [path("api/v2/", include(router.urls))]
