"""Klachtpad: complaint handling for Dutch care and welfare providers."""
