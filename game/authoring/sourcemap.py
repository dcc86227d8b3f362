"""Where each part of a loaded scenario is written, so that a warning points at its cause.

The model keeps where scenes, choices and branches start; this finds any key or list item below
them (an ``if:``, a weight, the third effect) and the declarations in the manifest, by reading the
files again through the same reader the loader used (an editor's unsaved text included). A file is
read again only when something in it is looked up.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from game.engine.model import Where
from game.engine.problems import Problem
from game.engine.yamlfile import Reader, compose, read_text, value_position

Key = str | int


class SourceMap:
    """The YAML nodes of a scenario's files, found from the places the model remembers."""

    def __init__(self, read: Reader = read_text) -> None:
        self.read = read
        self.texts: dict[str, str | None] = {}
        self.roots: dict[str, yaml.Node | None] = {}
        self.blocks: dict[str, dict[tuple[int, int], yaml.MappingNode]] = {}

    def text(self, path: Path | str) -> str | None:
        """The text of one file (None when it cannot be read)."""
        key = str(path)
        if key not in self.texts:
            problems: list[Problem] = []
            self.texts[key] = self.read(Path(key), problems)
        return self.texts[key]

    def root(self, path: Path | str) -> yaml.Node | None:
        """The node tree of one file (None when it cannot be read or parsed)."""
        key = str(path)
        if key not in self.roots:
            text = self.text(key)
            problems: list[Problem] = []
            self.roots[key] = compose(text, key, problems) if text is not None else None
        return self.roots[key]

    def block(self, where: Where) -> yaml.MappingNode | None:
        """The block of keys (a scene, choice or branch) that starts at ``where``."""
        key = where.path
        if key not in self.blocks:
            found: dict[tuple[int, int], yaml.MappingNode] = {}
            stack = [self.root(key)]
            while stack:
                node = stack.pop()
                if isinstance(node, yaml.MappingNode):
                    mark = node.start_mark
                    found[(mark.line + 1, mark.column + 1)] = node
                    stack.extend(value for _, value in node.value)
                elif isinstance(node, yaml.SequenceNode):
                    stack.extend(node.value)
            self.blocks[key] = found
        return self.blocks[key].get((where.line, where.col))

    def node(self, where: Where | None, *keys: Key) -> yaml.Node | None:
        """The node reached from the block at ``where`` by keys (names) and list positions.

        A single value stands for a one-item list (``effects: x += 1`` is effect 0).
        """
        if where is None:
            return None
        node: yaml.Node | None = self.block(where)
        for key in keys:
            node = child(node, key)
        return node

    def at(self, where: Where | None, *keys: Key) -> Where | None:
        """Where the node at ``keys`` below ``where`` is written; ``where`` itself when the
        keys lead nowhere (a default value the author did not write)."""
        node = self.node(where, *keys)
        if node is None or where is None:
            return where
        return self.where(where.path, node)

    def where(self, path: str, node: yaml.Node, offset: int | None = None) -> Where:
        """Where a node starts, or where character ``offset`` of its text is written."""
        if offset is None:
            mark = node.start_mark
            return Where(path, mark.line + 1, mark.column + 1)
        line, col = value_position(node, offset, self.texts.get(path))
        return Where(path, line, col)

    def declarations(self, manifest: Path | None) -> dict[tuple[str, str], yaml.Node]:
        """The node declaring each meter, flag, counter, trap and glossary term in the manifest:
        (section, id or term) -> node."""
        found: dict[tuple[str, str], yaml.Node] = {}
        root = self.root(manifest) if manifest is not None else None
        if not isinstance(root, yaml.MappingNode):
            return found
        for key, value in root.value:
            section = getattr(key, "value", None)
            if section not in ("meters", "flags", "counters", "traps", "glossary"):
                continue
            if not isinstance(value, yaml.SequenceNode):
                continue
            for item in value.value:
                name = item.value if isinstance(item, yaml.ScalarNode) else None
                name_node = child(item, "term" if section == "glossary" else "id")
                if isinstance(name_node, yaml.ScalarNode):
                    name = name_node.value
                if isinstance(name, str):
                    found.setdefault((section, name), item)
        return found


def child(node: yaml.Node | None, key: Key) -> yaml.Node | None:
    """The value under ``key`` in a block, or item ``key`` of a list."""
    if isinstance(key, int):
        if isinstance(node, yaml.SequenceNode):
            return node.value[key] if 0 <= key < len(node.value) else None
        if isinstance(node, yaml.ScalarNode) and key == 0:
            return node
        return None
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if getattr(name, "value", None) == key:
                return value
    return None
