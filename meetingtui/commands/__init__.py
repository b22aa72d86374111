"""One module per CLI verb. Each has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.

Verbs import what they need inside ``run`` so that ``meetingtui --help`` and the quick verbs never pay for
python-docx or textual.
"""
