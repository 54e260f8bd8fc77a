"""The invoicing command-line service."""
