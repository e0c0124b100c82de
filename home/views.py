from django.http import HttpResponse
from django.template.response import TemplateResponse


def search(request):
    return TemplateResponse(request, "search/search.html", {"search_query": ""})


def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")
