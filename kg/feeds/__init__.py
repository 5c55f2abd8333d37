"""Downloading public feeds into ``data/feeds/`` (``kg fetch``): :mod:`kg.feeds.federal_register_fetch`."""
