"""The command line of the data platform."""
