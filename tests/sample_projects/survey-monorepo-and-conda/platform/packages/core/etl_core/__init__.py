"""The data platform's shared transforms."""
