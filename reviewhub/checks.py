"""Deployment checks of our own settings, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

W001 = Warning(
    "The site trusts a proxy (SECURE_PROXY_SSL_HEADER or USE_X_FORWARDED_HOST/PORT) but takes the client "
    "address from REMOTE_ADDR, which is then the proxy's for every visitor: sign-in and sign-up limits "
    "would count the whole site as one client.",
    hint="Set REVIEWHUB_CLIENT_IP_HEADER to the META key your proxy overwrites, e.g. HTTP_X_FORWARDED_FOR.",
    id="reviewhub.W001",
)


@register(Tags.security, deploy=True)
def check_client_ip_behind_proxy(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Behind a proxy every REMOTE_ADDR is the proxy's, so per-client limits need the proxy's header."""
    if settings.DEBUG or settings.REVIEWHUB_CLIENT_IP_HEADER:
        return []
    behind_proxy = bool(
        getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        or getattr(settings, "USE_X_FORWARDED_HOST", False)
        or getattr(settings, "USE_X_FORWARDED_PORT", False)
    )
    return [W001] if behind_proxy else []
