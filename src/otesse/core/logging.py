"""Structured JSON logs on stdout, one line per event.

Personal data and key material are never passed to a logger: the access log records the
route, status and timing only; database errors are raised with parameters hidden.

Each record, newline included, leaves the process in one ``write(2)``: with ``--workers N``
every process writes to the same stdout, and Python's ``print`` (structlog's PrintLogger)
writes the text and its newline separately, so two processes' records got glued together on
one line. A single write of at most ``PIPE_BUF`` bytes (4 KiB on Linux) to a pipe is atomic,
as is any single write to a file opened for appending; an access record is ~300 bytes.
"""

import logging
import os
import sys
from typing import Any

import structlog


def write_line(text: str) -> None:
    """Write ``text`` and a newline to stdout in one system call (a loop only if the kernel
    takes part of it, which it does not for pipes and files at these sizes)."""
    data = f"{text}\n".encode("utf-8", "backslashreplace")
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # stdout replaced by something without a fd
        sys.stdout.write(data.decode())
        sys.stdout.flush()
        return
    sys.stdout.flush()  # whatever print() left buffered goes first, keeping the order
    while data:
        data = data[os.write(descriptor, data) :]


class LineLogger:
    """A structlog logger whose every record is one :func:`write_line`."""

    def msg(self, message: str) -> None:
        write_line(message)

    log = debug = info = warn = warning = msg
    fatal = failure = err = error = critical = exception = msg


class LineHandler(logging.Handler):
    """The same for the standard library's records (uvicorn's, SQLAlchemy's, ...)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            write_line(self.format(record))
        except Exception:
            self.handleError(record)


_LINE_LOGGER = LineLogger()


def configure_logging(level: str = "INFO") -> None:
    handler = LineHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.basicConfig(handlers=[handler], level=level.upper(), force=True)
    # uvicorn's own access log prints query strings, which may hold a searched email.
    logging.getLogger("uvicorn.access").disabled = True
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=lambda *_: _LINE_LOGGER,
        cache_logger_on_first_use=True,
    )


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
