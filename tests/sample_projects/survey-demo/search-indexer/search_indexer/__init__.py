"""Feeds the shop's search index."""
