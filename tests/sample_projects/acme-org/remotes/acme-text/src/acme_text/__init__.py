"""Text width helpers."""
