"""Open311 GeoReport v2 requests and service lists, read into participation's model."""

from participation_import_open311.requests import Open311Importer, request_submission
from participation_import_open311.services import Service, read_services, service_channel_types

__all__ = ["Open311Importer", "Service", "read_services", "request_submission",
           "service_channel_types"]
