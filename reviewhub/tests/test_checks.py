"""The deployment check that catches per-client limits counting the proxy as the only client."""

import pytest
from django.core.checks import run_checks

from reviewhub.checks import check_client_ip_behind_proxy


def deploy_ids() -> list[str]:
    return [message.id for message in run_checks(include_deployment_checks=True)]


@pytest.mark.parametrize(
    "proxy_setting",
    [("SECURE_PROXY_SSL_HEADER", ("HTTP_X_FORWARDED_PROTO", "https")), ("USE_X_FORWARDED_HOST", True)],
)
def test_behind_a_proxy_without_a_client_ip_header_check_deploy_warns(settings, proxy_setting):
    settings.DEBUG = False
    settings.REVIEWHUB_CLIENT_IP_HEADER = ""
    setattr(settings, *proxy_setting)
    assert "reviewhub.W001" in deploy_ids()


def test_naming_the_header_silences_the_warning(settings):
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.REVIEWHUB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert check_client_ip_behind_proxy() == []


def test_no_warning_without_a_proxy_or_in_debug(settings):
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.USE_X_FORWARDED_HOST = False
    settings.REVIEWHUB_CLIENT_IP_HEADER = ""
    assert check_client_ip_behind_proxy() == []
    settings.DEBUG = True
    settings.USE_X_FORWARDED_HOST = True
    assert check_client_ip_behind_proxy() == []


def test_the_check_runs_only_with_deploy(settings):
    settings.DEBUG = False
    settings.USE_X_FORWARDED_HOST = True
    settings.REVIEWHUB_CLIENT_IP_HEADER = ""
    assert "reviewhub.W001" not in [message.id for message in run_checks()]
