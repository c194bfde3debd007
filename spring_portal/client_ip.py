"""The visitor's address, as seen through the proxies we run (settings.TRUSTED_PROXY_COUNT).

Each trusted proxy appends the address that connected to it to X-Forwarded-For, so
with N trusted proxies the client is the Nth address from the right; anything to
its left was written by the client and may be forged. With no trusted proxy the
header is ignored and the client is the connecting address (REMOTE_ADDR).
"""

import ipaddress

from django.conf import settings


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.5:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's IP address for rate limits and logs."""
    remote = _clean(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or not forwarded:
        return remote
    addresses = [part for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    # Fewer entries than proxies: the client reached an inner proxy directly, and
    # every entry was written by a trusted proxy; the leftmost is the client.
    candidate = addresses[-trusted] if len(addresses) >= trusted else addresses[0]
    return _clean(candidate) or remote
