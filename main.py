"""Play Diplomatic Traps: ``python main.py`` (see ``python main.py --help``)."""

from game.cli import entry

if __name__ == "__main__":
    entry()
