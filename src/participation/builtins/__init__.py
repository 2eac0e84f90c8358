"""Built-in plugins: the core's own contributions, registered through the same hooks
as any third-party plugin (see :data:`participation.plugins.DEFAULT_PLUGINS`)."""
