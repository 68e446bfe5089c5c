# The sign-in form lives with the shared throttle in renaksi.security; kept here for old imports.
from renaksi.security.client import client_ip
from renaksi.security.forms import ThrottledAuthenticationForm

__all__ = ["ThrottledAuthenticationForm", "client_ip"]
