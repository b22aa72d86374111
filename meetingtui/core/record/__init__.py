"""The case record: the typed model, its exchange format (schema, migrations, case files), editing its rows, the demo."""
