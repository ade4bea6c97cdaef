"""Sarhad: the shared border-security picture for two neighbouring states."""

__version__ = "0.1.0"
