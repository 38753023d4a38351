"""Help of the command line: every option's help ends with its default.

argparse's own ArgumentDefaultsHelpFormatter also prints "(default: None)" and
"(default: False)", which tell a reader nothing; options whose absence means something
say so in their help text instead ("default: the built-in scenario").
"""

from __future__ import annotations

import argparse


class DefaultsHelpFormatter(argparse.HelpFormatter):
    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        # identity, not equality: a default of 0 (e.g. --workers 0) is worth showing
        if "default" in text or any(default is v for v in (None, False, argparse.SUPPRESS)):
            return text
        if not action.option_strings and action.nargs not in ("?", "*"):
            return text  # a required positional has no default
        return f"{text} (default: %(default)s)"


def show_defaults(parser: argparse.ArgumentParser) -> None:
    """Use DefaultsHelpFormatter on ``parser`` and on every subcommand below it."""
    parser.formatter_class = DefaultsHelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                show_defaults(sub)
