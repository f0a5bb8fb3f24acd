"""carekg: knowledge graphs of adult social care assurance reports."""

__version__ = "0.1.0"
