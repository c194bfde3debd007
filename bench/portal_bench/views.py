from django.http import HttpResponse


def bare(request):
    """A constant small page through the full middleware stack: the framework's ceiling."""
    return HttpResponse(b"<!DOCTYPE html><title>bare</title><p>ok</p>")
