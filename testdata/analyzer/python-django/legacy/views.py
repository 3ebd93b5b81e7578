from django.http import HttpResponse


def item_view(request, pk):
    return HttpResponse(pk)
