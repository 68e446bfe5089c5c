"""The client's address, taken from a forwarding header only when a trusted proxy sent it."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """The address the request came from.

    ``X-Forwarded-For`` is read only when the direct peer is in ``TRUSTED_PROXIES``; it is walked
    from the right (the entries our own proxies appended) to the first address that is not a
    trusted proxy, so a client cannot choose its address by sending the header itself.
    """
    if request is None:
        return "-"
    remote = (request.META.get("REMOTE_ADDR") or "-").strip()
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a garbled header: fall back to the proxy itself
    return hops[0] if hops else remote
