"""The web service of ``kg serve``: a Starlette application run by uvicorn.

:func:`kg.web.app.create_app` builds the application over a :class:`kg.web.pool.Pool` of
query workers; :func:`kg.web.server.serve` snapshots a store and serves it. The SPARQL
endpoint is :mod:`kg.web.endpoint`; more pages (the explorer) mount on the same application.
"""
