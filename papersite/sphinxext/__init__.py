"""Sphinx extensions of the whitepaper site, one concern per module."""
