"""Testing helpers for plugin authors, used by the core's own tests too.

- :mod:`participation.testing.fixtures` is a pytest plugin (loaded automatically when
  ``participation`` is installed) with the fixtures ``plugin_manager``, ``registry``,
  ``serializer``, ``converter`` and ``register_plugin``.
- :mod:`participation.testing.strategies` has Hypothesis strategies for every model
  class (install the ``testing`` extra: ``pip install "participation[testing]"``).
"""
