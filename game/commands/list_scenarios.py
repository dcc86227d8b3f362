"""List the scenarios bundled with the game, with their titles and descriptions."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    from game.engine.catalog import bundled_scenarios
    from game.engine.terminal_text import terminal_safe
    from game.program import command_line

    infos = bundled_scenarios()
    if args.format == "json":
        import json

        listed = [
            {
                "name": info.name,
                "title": info.title,
                "description": info.description,
                "path": str(info.path),
                "readable": info.readable,
            }
            for info in infos
        ]
        print(json.dumps({"scenarios": listed}, indent=2, ensure_ascii=False))
        return 0 if infos else 1
    if not infos:
        print("No scenarios found.")
        return 1
    width = max(len(i.name) for i in infos)
    for info in infos:
        if not info.readable:
            print(
                f"{info.name:<{width}}  (cannot be read: run '{command_line('check', info.name)}')"
            )
            continue
        print(terminal_safe(f"{info.name:<{width}}  {info.title}"))
        if info.description:
            print(terminal_safe(f"{'':<{width}}  {info.description}"))
    return 0
