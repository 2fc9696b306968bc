"""The address a request really comes from, behind the reverse proxies the deployment names.

Behind a proxy every request reaches the app from the proxy's address (127.0.0.1): the login lockout
(django-axes, keyed on user name and address) would then lock a user out for everyone once anyone failed
five times. `KEMBAR_TRUSTED_PROXIES` names the proxies (addresses or networks); for a request from one of
them the client is the right-most address of `X-Forwarded-For` that is not itself a trusted proxy — the
addresses left of it were written by the client and prove nothing. Without trusted proxies, or for a request
that does not come from one, the address is the connection's own (`REMOTE_ADDR`), whatever headers it sends.

(django-ipware, which axes can use, counts proxies by the entries of X-Forwarded-For; with nginx's
`$proxy_add_x_forwarded_for` a count of 1 returned nothing for a direct client: docs/deploy.md.)
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

#: The longest X-Forwarded-For read (a client may send any amount).
MAX_HEADER = 2000


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address (axes' AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR")
    trusted = _networks(tuple(settings.KEMBAR_TRUSTED_PROXIES))
    connected = _address(remote or "")
    if not trusted or connected is None or not any(connected in net for net in trusted):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")[:MAX_HEADER]
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            return remote  # a hop that is no address: nothing to its left can be trusted either
        if not any(address in net for net in trusted):
            return str(address)
    return remote
