"""The feedback desk as an Open311 GeoReport v2 service (the ``serve`` extra:
``pip install 'participation[serve]'``, Starlette and uvicorn).

>>> from participation.desk import Desk
>>> from participation.registry import Registry
>>> from participation.store import open_store
>>> desk = Desk(open_store(":memory:"), Registry.default(load_entrypoints=False))
>>> app = create_app(desk, ServeConfig(jurisdiction_id="plovdiv.bg", post_rate=30))
>>> list(app.state.open311.channels)  # the services: GET /services.json
['web_form', 'email', 'information_request']

Run it with any ASGI server (``participation serve`` uses uvicorn).

See ``docs/open311.md`` for the mapping, the limits and deployment.
"""

from participation.serve.app import Open311Service, create_app
from participation.serve.config import ServeConfig, read_api_keys

__all__ = ["Open311Service", "ServeConfig", "create_app", "read_api_keys"]
