"""The embedded file store: one TinyDB file per case, a derived index, backups."""
