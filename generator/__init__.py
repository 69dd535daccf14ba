"""The specloom generator: load → validate → intermediate model → render → write."""

__version__ = "0.1.0"
