"""Views used only by the benchmark (REVIEWHUB_BENCH_ENDPOINTS), never routed in production."""

from django.http import HttpRequest, HttpResponse


def hello(request: HttpRequest) -> HttpResponse:
    """The ceiling: the cheapest response this stack can serve, through the same middleware."""
    return HttpResponse("ok")
