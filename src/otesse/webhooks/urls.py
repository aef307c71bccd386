"""Where a webhook may go: ``https`` in live mode, and never to this service's own network.

A URL whose host resolves to a loopback, private, link-local, multicast, reserved or cloud
metadata address is refused when the endpoint is saved and again at every delivery, and the
delivery connects to the very address that was checked (webhooks/transport.py), so a DNS
answer that changes between the check and the connection (rebinding) cannot get around it.
``OTESSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`` lifts the address rule (``make run``, tests).
"""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048
_PORT = r"(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
# The form check_form accepts, for the document: http(s), a host name or IPv4 address (an
# IPv6 receiver is reached by a name), an optional port, a path and query; no credentials,
# no fragment, no spaces.
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[A-Za-z0-9._~-]+" + _PORT + r"([/?][^#\s]*)?$"
# Cloud metadata services that are not in a private range everywhere (AWS IPv6, Alibaba).
_METADATA = {ipaddress.ip_address("fd00:ec2::254"), ipaddress.ip_address("100.100.100.200")}


class UnsafeUrl(ValueError):
    """Why a URL may not receive webhooks (the message names the rule)."""


def check_form(url: str, *, live: bool) -> None:
    """The URL's own form: absolute http(s), a host, no credentials; https in live mode."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"url must be at most {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
    except ValueError as error:  # a bracketed host that is no IPv6 address
        raise UnsafeUrl("url has an invalid host") from error
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl("url must be an absolute http or https URL")
    if live and parts.scheme.lower() != "https":
        raise UnsafeUrl("a live-mode endpoint must use https")
    if parts.username or parts.password:
        raise UnsafeUrl("url must not carry credentials")
    if parts.fragment:
        raise UnsafeUrl("url must not have a fragment")
    try:
        _ = parts.port
    except ValueError as error:
        raise UnsafeUrl("url has an invalid port") from error


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip in _METADATA
        or not ip.is_global
    )


async def resolve_checked(url: str, *, allow_private: bool) -> str:
    """The address to connect to for ``url``: the first the host resolves to, refused when
    any of them is not public (unless ``allow_private``)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UnsafeUrl(f"the host {host} does not resolve") from error
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise UnsafeUrl(f"the host {host} does not resolve")
    if not allow_private:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise UnsafeUrl(
                f"the host {host} resolves to a non-public address ({refused[0]}); set "
                "OTESSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it"
            )
    return addresses[0]
