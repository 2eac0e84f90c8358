"""The one place the version is written (read by hatchling and by ``participation.__version__``)."""

__version__ = "0.1.0"
