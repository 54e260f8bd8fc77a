"""pip2poetry: small tools that make a move from pip to Poetry 2 mechanical."""

__version__ = "0.1.0"
