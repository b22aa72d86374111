"""Everything that is not the terminal UI: model, rules, storage, exports.

Nothing under this package may import textual: the CLI verbs stay fast and the rules stay testable without a
terminal (enforced by tests/test_import_hygiene.py).
"""
