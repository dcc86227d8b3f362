# PYTHON_ARGCOMPLETE_OK
"""The command line: argparse subcommands, each in its own light module under game/commands/."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# name -> (module, one-line help). Each module defines configure(parser) and run(args) -> int,
# and imports anything heavy inside run() so that start-up stays fast.
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("game.commands.play", "play a scenario (the default command)"),
    "list": ("game.commands.list_scenarios", "list the bundled scenarios"),
    "check": ("game.commands.check", "load and validate scenarios, reporting every problem"),
    "graph": ("game.commands.graph", "print the scene graph as Mermaid or DOT"),
    "explore": ("game.commands.explore", "prove which endings can be reached, and how"),
    "playtest": (
        "game.commands.playtest",
        "play a scenario automatically many times, with a report",
    ),
    "balance": (
        "game.commands.balance",
        "measure whether the mechanics teach the lessons: fixed scripts, careful play, trap costs",
    ),
    "new": ("game.commands.new", "create a new scenario folder from a template"),
    "replay": ("game.commands.replay", "replay a play record and check it reaches the same ending"),
    "export": ("game.commands.export", "write a play record as a debrief report (md or html)"),
    "class": ("game.commands.class_results", "aggregate a class's play records into a report"),
    "serve": ("game.commands.serve", "serve the game to web browsers (one game per tab)"),
    "teaching-package": (
        "game.commands.teaching_package",
        "write the teacher's package (lesson plans, role sheets, quiz...) as printable HTML",
    ),
    "lsp": ("game.commands.lsp", "language server for editors: mistakes as you type, completion"),
    "completion": ("game.commands.completion", "print shell completion code for bash, zsh or fish"),
}
# Arguments that name a scenario: completed with the bundled names and with folders and files.
SCENARIO_ARGUMENTS = {"scenario", "paths"}

# What the game needs installed (pyproject.toml); a missing one means the wrong Python was used.
REQUIRED_MODULES = {
    "yaml",
    "msgspec",
    "platformdirs",
    "textual",
    "rich",
    "textual_serve",
    "pygls",
    "lsprotocol",
    "argcomplete",
}

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _VersionAction(argparse.Action):
    """--version, looked up only when asked for (package metadata is slow to import)."""

    def __init__(
        self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object
    ) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show the version and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("diplomatic-traps")
        except PackageNotFoundError:
            number = "0.1.0"
        print(f"diplomatic-traps {number}")  # on standard output, like other tools
        parser.exit()


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; only the ``selected`` subcommand's module is imported (all if None)."""
    from game.program import program_name

    parser = argparse.ArgumentParser(
        prog=program_name(),
        description="Diplomatic Traps: a text adventure about preparing a US-Russia summit.",
        epilog="Run without a command to play. 'COMMAND --help' explains each command.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        if selected is not None and name != selected:
            sub.add_parser(name, help=help_text)  # listed in --help; never parsed in this run
            continue
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=module.__doc__)
        module.configure(command)
        command.set_defaults(_module=module)
    return parser


def _complete() -> None:
    """Answer the shell's completion request (see 'completion') and exit."""
    import argcomplete
    from argcomplete.completers import FilesCompleter

    files = FilesCompleter()

    def scenarios(prefix: str, **kwargs: object) -> list[str]:
        from game.engine.catalog import bundled_scenarios

        names = [info.name for info in bundled_scenarios() if info.name.startswith(prefix)]
        return names + list(files(prefix, **kwargs))

    parser = build_parser()
    for action in parser._actions:  # argparse offers no public way to walk subcommands
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                for argument in command._actions:
                    if argument.dest in SCENARIO_ARGUMENTS:
                        argument.completer = scenarios  # type: ignore[attr-defined]
    argcomplete.autocomplete(parser)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    if argv is None and "_ARGCOMPLETE" in os.environ:
        _complete()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (
        args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")
    ):
        args_list.insert(0, "play")
    parser = build_parser(args_list[0] if args_list[0] in COMMANDS else "")
    args = parser.parse_args(args_list)
    try:
        return int(args._module.run(args) or 0)
    except ModuleNotFoundError as error:
        if error.name not in REQUIRED_MODULES:
            raise
        print(
            f"error: the package '{error.name}' is not installed. Run the game in its own "
            "environment: 'make play' (or '.venv/bin/python main.py ...' once it is set up).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
