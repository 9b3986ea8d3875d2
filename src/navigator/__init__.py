"""navigator: the AI security threats and controls navigator, generated from a catalog.

The library API lives in `navigator.api`; this module stays light so `navigator --help` is instant.
"""

__version__ = "0.1.0"
