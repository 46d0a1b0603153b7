"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the ticketing core.

Routes live under ``/open311``: ``discovery.{json,xml}`` and, under ``/open311/v2``, the services
list, service definitions, POST and GET requests, one request and tokens, each in JSON and XML.

One service code per category that is not sensitive (``lorong.jalan``); e-Babhar and e-Sehat's
sensitive categories (health data) are neither offered nor listed, nor are sensitive tickets. Requests are
tickets opened through ``open_via_channel`` with channel ``open311``; their tracking code is the service_request_id.
"""
