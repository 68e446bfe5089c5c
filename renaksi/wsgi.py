import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.settings")
application = get_wsgi_application()

# A production server refuses DEBUG and the embedded SECRET_KEY (runserver, the embedded
# development server, loads this module too and is left alone).
if "gunicorn" in sys.modules or os.environ.get("RENAKSI_PRODUCTION"):
    from renaksi.security.checks import refuse_unsafe_start

    refuse_unsafe_start()
