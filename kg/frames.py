"""Deprecated alias: the frames now live in :mod:`kg.query.frames` (``from kg.query.frames import compact``).

Kept so that notebooks and scripts written before the relayout keep working; it warns once.
"""

from __future__ import annotations

import warnings

from kg.query.frames import *  # noqa: F401,F403
from kg.query.frames import __all__  # noqa: F401

warnings.warn("kg.frames is deprecated: import from kg.query.frames", DeprecationWarning, stacklevel=2)
