"""meetingtui: run multi-agency professionals meetings about a young person in care, and write the minutes."""

__version__ = "0.1.0"
