"""STARTTLS and implicit TLS with AUTH, against aiosmtpd with a throwaway certificate.

The client verifies the certificate as in production; the test trusts its own through
SSL_CERT_FILE, which is also how an operator trusts a private relay's CA.
"""

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from otesse.mail.transport import TransientMailError, transport_from_url
from tests.mail.smtp import RecordingHandler, free_port, sample_message

# aiosmtpd warns about AUTH without STARTTLS even on an implicit-TLS listener.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    names = "subjectAltName=DNS:localhost,IP:127.0.0.1"
    command = [
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
    ]
    subprocess.run(
        [*command, "-addext", names, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"mailer",
        b"s3cr:t",
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_servers(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[int, int, RecordingHandler]]:
    cert, key = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = RecordingHandler()
    common = {"authenticator": _authenticator, "auth_required": True}
    starttls = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        **common,
    )
    implicit = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        ssl_context=context,
        auth_require_tls=False,  # the whole connection is TLS already
        **common,
    )
    starttls.start()
    implicit.start()
    yield starttls.port, implicit.port, handler
    starttls.stop()
    implicit.stop()


async def test_starttls_and_smtps_authenticate_and_deliver(
    tls_servers: tuple[int, int, RecordingHandler],
) -> None:
    starttls_port, implicit_port, handler = tls_servers
    for url in (
        f"smtp+starttls://mailer:s3cr%3At@127.0.0.1:{starttls_port}",
        f"smtps://mailer:s3cr%3At@127.0.0.1:{implicit_port}",
    ):
        await transport_from_url(url, timeout=5).send(sample_message())
    assert [str(m["Message-ID"]) for m in handler.messages] == ["<obx_1@otesse.com>"] * 2


async def test_a_wrong_password_is_transient(
    tls_servers: tuple[int, int, RecordingHandler],
) -> None:
    starttls_port, _, handler = tls_servers
    transport = transport_from_url(f"smtp+starttls://mailer:nope@127.0.0.1:{starttls_port}")
    with pytest.raises(TransientMailError, match="535"):
        await transport.send(sample_message())
    assert handler.messages == []
