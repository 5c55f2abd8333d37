"""Stores: local (Oxigraph on disk) and remote (SPARQL 1.1), the build, push and serve."""
