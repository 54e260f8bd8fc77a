"""Logging and money formatting shared by every Acme service."""

import structlog


def get_logger(name: str):
    return structlog.get_logger(name)


def money(cents: int) -> str:
    """1234 -> '12.34'"""
    return f"{cents // 100}.{cents % 100:02d}"
