"""chokepoints as a web service: REST API (FastAPI), background jobs and a dashboard.

    from chokepoints.api import Settings, create_app
    app = create_app(Settings(data_dir="srv"))

Start it with ``chokepoints serve`` (docs/service.md).
"""

from chokepoints.api.app import create_app
from chokepoints.api.settings import Settings

__all__ = ["Settings", "create_app"]
