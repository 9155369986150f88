"""The subcommands of ``focal``: one module each, registered in :data:`COMMAND_MODULES`.

A module provides ``register(subparsers)``, which adds its parsers and sets ``handler`` on
them: a function ``(args, context) -> int``.
"""

COMMAND_MODULES = (
    "app.commands.catalogue",
    "app.commands.reports",
    "app.commands.export",
    "app.commands.xlsx",
    "app.commands.consolidate",
    "app.commands.backup",
    "app.commands.selfcheck",
)
