"""Downloading public feeds into ``data/feeds/`` (``kg fetch``): :mod:`kg.records.feeds.federal_register_fetch`."""
