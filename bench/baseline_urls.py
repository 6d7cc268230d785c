from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
async def hello(request):
    return HttpResponse("ok")


urlpatterns = [path("hello/", hello)]
