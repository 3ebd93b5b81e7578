from django.conf.urls import url

from legacy.views import item_view

urlpatterns = [
    url(r"^items/(?P<pk>\d+)/$", item_view),
]
