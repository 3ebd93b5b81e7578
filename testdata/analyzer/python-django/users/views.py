import psycopg
import requests
from django.http import JsonResponse
from django.views import View
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView
from rest_framework import viewsets

conn = psycopg.connect("dbname=shop")


def load_user(user_id):
    return conn.execute("SELECT * FROM users WHERE id = %s", (user_id,))


@require_http_methods(["GET", "DELETE"])
def user_detail(request, user_id):
    try:
        user = load_user(user_id)
    except LookupError:
        return JsonResponse({"error": "not found"}, status=404)
    return JsonResponse(user)


class OrderView(View):
    def get(self, request, user_id):
        return JsonResponse(load_user(user_id))

    def post(self, request, user_id):
        for _ in range(3):
            requests.post("http://payments/charge", json={"user": user_id})
        return JsonResponse({"status": "created"})


class UserListView(ListView):
    template_name = "users.html"


class UserViewSet(viewsets.ModelViewSet):
    def list(self, request):
        return JsonResponse([load_user(1)], safe=False)

    def retrieve(self, request, pk=None):
        if pk is None:
            raise ValueError("pk")
        return JsonResponse(load_user(pk))
