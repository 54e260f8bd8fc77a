"""The local index over HTTPS behind a throwaway CA (harness.tls): it must really reject a
client that does not know the CA, accept one that does, and show as its snippet address."""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from harness import index, normalise, tls


def _get(url: str, context: ssl.SSLContext) -> int:
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return response.status


def test_an_unknown_ca_is_rejected_and_the_configured_one_accepted(https_index, private_ca) -> None:  # type: ignore[no-untyped-def]
    url = https_index.simple_url + "tabulate/"
    assert url.startswith("https://127.0.0.1:")
    with pytest.raises(urllib.error.URLError) as caught:
        _get(url, ssl.create_default_context())  # the public CAs only, as Poetry's certifi
    assert isinstance(caught.value.reason, ssl.SSLCertVerificationError)
    assert "unable to get local issuer certificate" in str(caught.value.reason)
    # the failed handshake did not stop the server
    assert _get(url, ssl.create_default_context(cafile=private_ca.ca_cert)) == 200


def test_the_certificate_is_for_the_address_served_and_no_other(https_index, private_ca) -> None:  # type: ignore[no-untyped-def]
    context = ssl.create_default_context(cafile=private_ca.ca_cert)
    port = https_index.root_url.rstrip("/").rsplit(":", 1)[1]
    with pytest.raises(urllib.error.URLError) as caught:
        _get(f"https://localhost:{port}/simple/", context)
    assert "match" in str(caught.value.reason)  # IP:127.0.0.1 only, not the name localhost


def test_it_serves_the_pypi_stand_ins_distributions_and_records_them(package_index, https_index, private_ca) -> None:  # type: ignore[no-untyped-def]
    before = len(package_index.served)
    context = ssl.create_default_context(cafile=private_ca.ca_cert)
    with urllib.request.urlopen(https_index.simple_url + "tabulate/", context=context, timeout=10) as response:
        page = response.read().decode()
    assert set(https_index.projects) == set(package_index.projects)
    assert "tabulate-0.10.0-py3-none-any.whl" in page
    assert package_index.served[before:] == ["tabulate"]  # the made-up-package checks see it


def test_only_the_certificate_goes_into_a_scenarios_home(make_sandbox, private_ca) -> None:  # type: ignore[no-untyped-def]
    sandbox = make_sandbox()
    placed = sandbox.home / tls.CA_FILE
    assert placed.read_bytes() == private_ca.ca_cert.read_bytes()
    assert b"PRIVATE KEY" not in placed.read_bytes()
    assert sandbox.aliases[tls.SHOWN_URL].startswith("https://127.0.0.1:")
    assert sandbox.aliases[index.MIRROR_URL].startswith("http://127.0.0.1:")


def test_connection_errors_show_the_snippet_address(tmp_path: Path) -> None:
    aliases = {tls.SHOWN_URL: "https://127.0.0.1:41234", index.PRIVATE_URL: "http://127.0.0.1:41299"}
    real = (
        "All attempts to connect to 127.0.0.1:41234 failed.\n"
        "| HTTPSConnectionPool(host='127.0.0.1', port=41234): Max retries exceeded with url: /simple/x/\n"
        "GET https://127.0.0.1:41234/simple/x/ and http://127.0.0.1:41299/simple/ and 127.0.0.1:412345\n"
    )
    assert normalise.rewrite(real, tmp_path, aliases) == (
        "All attempts to connect to artifacts.example.com failed.\n"
        "| HTTPSConnectionPool(host='artifacts.example.com', port=443): Max retries exceeded with url: /simple/x/\n"
        "GET https://artifacts.example.com/simple/x/ and https://pypi.example.com/simple/ and 127.0.0.1:412345\n"
    )
