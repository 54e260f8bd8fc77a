"""The inventory service: counts what is in stock."""
