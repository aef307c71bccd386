"""Requests uvicorn's parser refuses, and over-sized ones, through a real ``otesse serve``.

Before: an unknown method, a control character in a header or a 70 KB URL got uvicorn's
plain-text ``400 Invalid HTTP request received.`` with no request id.
"""

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.servers import served


@pytest.fixture(scope="module")
def port(database_url: str) -> Iterator[int]:
    with served({"OTESSE_DATABASE_URL": database_url, "OTESSE_RUN_WORKER": "false"}) as url:
        yield int(url.rsplit(":", 1)[1])


def exchange(port: int, raw: bytes) -> tuple[int, dict[str, str], dict[str, Any]]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
            head, _, body = received.partition(b"\r\n\r\n")
            pairs = [line.decode().split(": ", 1) for line in head.split(b"\r\n")[1:]]
            headers = {name.lower(): value for name, value in pairs}
            if body and len(body) >= int(headers.get("content-length", 0)):
                break
    status = int(head.split(b" ")[1])
    return status, headers, json.loads(body)


def assert_error_shape(
    answer: tuple[int, dict[str, str], dict[str, Any]], status: int, code: str
) -> None:
    got, headers, body = answer
    assert got == status, body
    assert headers["content-type"] == "application/json"
    assert body["error"]["code"] == code, body
    assert body["error"]["request_id"] == headers["request-id"]
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "raw",
    [b"FROB /v1/customers HTTP/1.1\r\nHost: api\r\n\r\n",
     b"GET /v1/health HTTP/1.1\r\nHost: api\r\nX-Note: a\x01b\r\n\r\n",
     b"GET /v1/health HTTP/1.1\r\nHost: api\r\nBad Name: x\r\n\r\n",
     b"GET /v1/health HTTP/9.9\r\nHost: api\r\n\r\n"],
)  # fmt: skip
def test_what_the_parser_refuses_is_answered_in_the_error_shape(port: int, raw: bytes) -> None:
    answer = exchange(port, raw)
    assert_error_shape(answer, 400, "request_malformed")
    assert answer[1]["connection"] == "close"


@pytest.mark.parametrize("length", [9_000, 60_000, 70_000, 200_000])
def test_an_over_long_url_is_a_414_whoever_refuses_it(port: int, length: int) -> None:
    raw = b"GET /v1/bookings?search=" + b"a" * length + b" HTTP/1.1\r\nHost: api\r\n\r\n"
    assert_error_shape(exchange(port, raw), 414, "uri_too_long")


def test_over_large_headers_are_a_431(port: int) -> None:
    pads = b"".join(b"X-Pad-%d: %s\r\n" % (n, b"p" * 1000) for n in range(100))
    raw = b"GET /v1/customers HTTP/1.1\r\nHost: api\r\n" + pads + b"\r\n"
    assert_error_shape(exchange(port, raw), 431, "headers_too_large")
