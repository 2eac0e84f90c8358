"""Exporters: writing what the library computed into the formats people use."""
