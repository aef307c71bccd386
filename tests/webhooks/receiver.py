"""A real HTTP receiver on 127.0.0.1 for webhook tests: it records every request and
answers as its ``plan`` says (status, delay, headers); it can go down and come back."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int


Plan = Callable[[int], tuple[int, float, dict[str, str]]]


def always(status: int) -> Plan:
    return lambda _: (status, 0.0, {})


@dataclass
class Receiver:
    plan: Plan = field(default_factory=lambda: always(200))
    received: list[Received] = field(default_factory=list)
    port: int = 0
    # Requests being answered now, and the most there ever were at once.
    in_flight: int = 0
    most_in_flight: int = 0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                if len(body) != length:
                    return  # the sender died mid-request: nothing was delivered
                with receiver._lock:
                    number = len(receiver.received)
                    status, delay, headers = receiver.plan(number)
                    receiver.received.append(
                        Received({k.lower(): v for k, v in self.headers.items()}, body, status)
                    )
                    receiver.in_flight += 1
                    receiver.most_in_flight = max(receiver.most_in_flight, receiver.in_flight)
                if delay:
                    time.sleep(delay)
                with receiver._lock:
                    receiver.in_flight -= 1
                answer = b"ok"
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            allow_reuse_address = True

            def handle_error(self, *_: Any) -> None:
                pass  # a sender that hung up (killed, timed out) is part of the drills

        self._server = Server(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def succeeded_ids(self) -> set[str]:
        return {r.headers["webhook-id"] for r in self.received if 200 <= r.status < 300}


def verify(secret: str, received: Received) -> Any:
    """What a receiver does: standardwebhooks checks the signature and the timestamp."""
    return Webhook(secret).verify(received.body, received.headers)
