"""Print the shell code that completes this program's commands, options and scenario names.

bash: add   eval "$(diplomatic-traps completion bash)"   to ~/.bashrc
zsh:  add   eval "$(diplomatic-traps completion zsh)"    to ~/.zshrc (after compinit)
fish: run   diplomatic-traps completion fish > ~/.config/fish/completions/diplomatic-traps.fish
"""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh", "fish")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def run(args: argparse.Namespace) -> int:
    import argcomplete

    from game.program import INSTALLED_NAME

    print(argcomplete.shellcode([INSTALLED_NAME], shell=args.shell), end="")
    return 0
