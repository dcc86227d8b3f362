"""List the scenarios bundled with the game, with their titles and descriptions."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    """No options."""


def run(args: argparse.Namespace) -> int:
    from game.engine.catalog import bundled_scenarios
    from game.engine.terminal_text import terminal_safe

    infos = bundled_scenarios()
    if not infos:
        print("No scenarios found.")
        return 1
    width = max(len(i.name) for i in infos)
    for info in infos:
        if not info.readable:
            print(f"{info.name:<{width}}  (cannot be read: run 'check {info.name}')")
            continue
        print(terminal_safe(f"{info.name:<{width}}  {info.title}"))
        if info.description:
            print(terminal_safe(f"{'':<{width}}  {info.description}"))
    return 0
