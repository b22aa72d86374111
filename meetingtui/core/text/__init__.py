"""Text as people type it: dates, and case- and accent-insensitive matching."""
