"""The team store: every case in one PostgreSQL database, behind the same repository interface as the files.

psycopg is imported only here, and only when a ``postgresql://`` store is chosen: the file store never needs it.
"""
