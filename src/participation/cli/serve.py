"""``participation serve``: the desk as an Open311 GeoReport v2 service (the ``serve`` extra)."""

from __future__ import annotations

import logging

import click

from participation.cli import AppContext
from participation.cli.store import db_option, open_db
from participation.plugins import hookimpl

__all__ = ["EXTRA_MISSING", "serve_command"]

#: What to do when Starlette or uvicorn is not installed.
EXTRA_MISSING = ("participation serve needs the 'serve' extra (Starlette and uvicorn): "
                 "pip install 'participation[serve]'")


@click.command("serve")
@db_option()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (keep 127.0.0.1 behind a reverse proxy).")
@click.option("--port", default=8311, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--jurisdiction-id", help="The jurisdiction_id this endpoint answers for "
              "(requests naming another one get 404).")
@click.option("--service", "services", multiple=True, metavar="CHANNEL",
              help="A channel type to offer as a service (repeat; default: every digital "
                   "channel type under which an answer is owed).")
@click.option("--api-keys", "api_keys_file", type=click.Path(exists=True, dir_okay=False),
              help="A file of API keys, one a line: POST /requests then needs one.")
@click.option("--max-body", default=65_536, show_default=True, type=click.IntRange(1),
              help="Bytes a request body may have.")
@click.option("--post-rate", default=60.0, show_default=True, type=click.FloatRange(0),
              help="POST requests per minute per client address (0: no limit).")
@click.option("--get-rate", default=600.0, show_default=True, type=click.FloatRange(0),
              help="GET requests per minute per client address (0: no limit).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="An origin allowed to call the service from a browser (repeat; '*': any).")
@click.option("--publish-details", is_flag=True,
              help="Show requests' descriptions and locations in GET answers (off: they may "
                   "name people or be confidential).")
@click.option("--lang", default="en", show_default=True, help="Language of names and notices.")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True,
              help="Proxies whose X-Forwarded-For is trusted for the client address.")
@click.pass_obj
def serve_command(app: AppContext, db: str, host: str, port: int, jurisdiction_id: str | None,
                  services: tuple[str, ...], api_keys_file: str | None, max_body: int,
                  post_rate: float, get_rate: float, cors_origins: tuple[str, ...],
                  publish_details: bool, lang: str, forwarded_allow_ips: str) -> None:
    """Serve the desk of the store at --db as an Open311 GeoReport v2 service.

    GET /services.json lists the channel types served, POST /requests.json takes a
    citizen's request through the desk's intake and answers with its id and statutory due
    date, GET /requests.json lists requests without any personal data. See
    docs/open311.md.
    """
    try:
        import uvicorn

        from participation.serve import ServeConfig, create_app, read_api_keys
    except ImportError as exc:
        raise click.ClickException(f"{EXTRA_MISSING} ({exc})") from exc
    from participation.desk import Desk

    config = ServeConfig(jurisdiction_id=jurisdiction_id, services=services or None,
                         api_keys=read_api_keys(api_keys_file) if api_keys_file else (),
                         max_body=max_body, post_rate=post_rate, get_rate=get_rate,
                         cors_origins=cors_origins, publish_details=publish_details, lang=lang)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    store = open_db(app, db)
    try:
        application = create_app(Desk(store, app.registry), config)
        click.echo(f"Open311 service of {db} on http://{host}:{port}/services.json "
                   f"({len(application.state.open311.channels)} services); Ctrl+C stops it",
                   err=True)
        uvicorn.run(application, host=host, port=port, access_log=False,
                    proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips,
                    log_level="info")
    finally:
        store.close()


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``participation serve``."""
    cli.add_command(serve_command)
