"""Prints the day's orders as a table."""
