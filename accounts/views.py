from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render


def profile(request: HttpRequest, username: str) -> HttpResponse:
    profile_user = get_object_or_404(get_user_model(), username=username)
    return render(request, "accounts/profile.html", {"profile_user": profile_user})
