"""Checking a YAML node tree against the schema structs, reporting every problem with its location.

The result is plain dictionaries and lists that remember where each value came from
(:class:`Located`, :class:`LocatedList`), so that later checks (links, expressions) can point at
the exact line and column too.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Any

import msgspec.inspect as mi
import yaml

from .expr import MAX_NUMBER
from .problems import Problem

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()


class Located(dict):
    """A mapping from a file, with the node of each value and of the mapping itself."""

    __slots__ = ("node", "nodes")

    def __init__(self, node: yaml.Node) -> None:
        super().__init__()
        self.node = node
        self.nodes: dict[str, yaml.Node] = {}


class LocatedList(list):
    """A list from a file, with the node of each item."""

    __slots__ = ("node", "nodes")

    def __init__(self, node: yaml.Node) -> None:
        super().__init__()
        self.node = node
        self.nodes: list[yaml.Node] = []


class _Invalid:
    """Marks a value that failed validation (already reported)."""


INVALID = _Invalid()


def validate(node: yaml.Node, struct: type, path: Path | str, problems: list[Problem]) -> Any:
    """Check ``node`` against a schema struct; return located plain data or INVALID."""
    walker = _Walker(path, problems)
    return walker.walk(node, _spec(struct))


@cache
def _spec(struct: type) -> mi.Type:
    return mi.type_info(struct)


_STRUCT_NAMES = {
    "Manifest": "a scenario manifest",
    "SceneFile": "a file of scenes",
    "SceneDef": "a scene",
    "ChoiceDef": "a choice",
    "BranchDef": "a chance branch",
    "NewsDef": "a news item",
    "EndingDef": "an ending",
    "MeterDef": "a meter",
    "FlagDef": "a flag",
    "CounterDef": "a counter",
    "TrapDef": "a trap",
    "GlossaryEntry": "a glossary entry",
    "Source": "a source",
    "MarkDef": "a mark",
    "StartRange": "a range: min, max, step",
    "PassageDef": "a passage: text and if",
}


def _describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a block of keys"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag
    if tag == _TAG + "null":
        return "nothing"
    if tag == _TAG + "bool":
        return f"true/false ({node.value})"
    if tag in (_TAG + "int", _TAG + "float"):
        return f"the number {node.value}"
    return f"the text '{_shorten(node.value)}'"


def _shorten(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe_type(t: mi.Type) -> str:
    while isinstance(t, mi.Metadata):
        t = t.type
    if isinstance(t, mi.StrType):
        return "text"
    if isinstance(t, mi.IntType):
        return "a whole number"
    if isinstance(t, mi.FloatType):
        return "a number"
    if isinstance(t, mi.BoolType):
        return "true or false"
    if isinstance(t, mi.NoneType):
        return "nothing"
    if isinstance(t, mi.LiteralType):
        return "one of " + ", ".join(repr(v) for v in t.values)
    if isinstance(t, mi.ListType):
        return "a list"
    if isinstance(t, mi.StructType):
        return f"a block of keys ({_STRUCT_NAMES.get(t.cls.__name__, t.cls.__name__)})"
    if isinstance(t, mi.UnionType):
        return " or ".join(_describe_type(m) for m in t.types if not isinstance(m, mi.NoneType))
    return type(t).__name__


class _Walker:
    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.seen: set[int] = set()

    def problem(self, node: yaml.Node, code: str, message: str, hint: str = "") -> _Invalid:
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, code, message, hint)
        )
        return INVALID

    def walk(self, node: yaml.Node, t: mi.Type) -> Any:
        if id(node) in self.seen:
            return self.problem(
                node, "DT102", "YAML aliases are not allowed", "write the value out in full"
            )
        self.seen.add(id(node))
        tag = node.tag
        if not (tag in _SCALAR_TAGS or tag == _TAG + "map" or tag == _TAG + "seq"):
            hint = "remove the tag; scenario files hold only plain text, numbers, lists and keys"
            if not tag.startswith(_TAG):
                hint = (
                    "a value that starts with '!' is read as a YAML tag: in a condition write "
                    "'not' instead of '!', and put a text that starts with '!' in quotes"
                )
            return self.problem(
                node, "DT104", f"YAML tag '{tag.replace(_TAG, '!!')}' is not allowed", hint
            )
        return self.walk_typed(node, t)

    def walk_typed(self, node: yaml.Node, t: mi.Type) -> Any:
        extra: dict[str, Any] = {}
        while isinstance(t, mi.Metadata):
            extra = t.extra_json_schema or extra
            t = t.type
        if isinstance(t, mi.UnionType):
            return self.walk_union(node, t)
        if isinstance(t, mi.StructType):
            return self.walk_struct(node, t)
        if isinstance(t, mi.ListType):
            return self.walk_list(node, t)
        if not isinstance(node, yaml.ScalarNode):
            return self.wrong_type(node, t)
        if isinstance(t, mi.StrType):
            return self.walk_str(node, t)
        if isinstance(t, (mi.IntType, mi.FloatType)):
            return self.walk_number(node, t)
        if isinstance(t, mi.BoolType):
            if node.tag != _TAG + "bool":
                return self.wrong_type(node, t)
            return _constructor.construct_yaml_bool(node)
        if isinstance(t, mi.NoneType):
            return None if node.tag == _TAG + "null" else self.wrong_type(node, t)
        if isinstance(t, mi.LiteralType):
            if node.value in t.values:
                return node.value
            close = get_close_matches(node.value, [str(v) for v in t.values], n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"write {_describe_type(t)}"
            return self.problem(
                node,
                "DT113",
                f"'{_shorten(node.value)}' is not allowed here; use {_describe_type(t)}",
                hint,
            )
        raise TypeError(f"schema type not supported by the walker: {t!r}")  # programmer error

    def wrong_type(self, node: yaml.Node, t: mi.Type) -> _Invalid:
        hint = f"write {_describe_type(t)} here"
        if isinstance(node, yaml.MappingNode) and not isinstance(t, (mi.StructType,)):
            hint = "a text containing ': ' must be put in quotes"
        elif isinstance(t, mi.ListType) or (
            isinstance(t, mi.UnionType) and any(isinstance(m, mi.ListType) for m in t.types)
        ):
            hint = "start each item of a list on its own line with '- '"
        return self.problem(
            node,
            "DT112",
            f"expected {_describe_type(t)}, found {_describe_node(node)}",
            hint,
        )

    def walk_str(self, node: yaml.ScalarNode, t: mi.StrType) -> Any:
        text = node.value
        if t.pattern is not None and not re.search(t.pattern, text):
            if not text:
                return self.problem(
                    node, "DT113", "an id cannot be empty", "write an id: letters, digits and '_'"
                )
            return self.problem(
                node,
                "DT113",
                f"'{_shorten(text)}' is not a valid id",
                "ids use letters, digits and '_' only, and do not start with a digit",
            )
        return text

    def walk_number(self, node: yaml.ScalarNode, t: mi.IntType | mi.FloatType) -> Any:
        if node.tag == _TAG + "int":
            value: int | float = _constructor.construct_yaml_int(node)
        elif node.tag == _TAG + "float" and isinstance(t, mi.FloatType):
            value = _constructor.construct_yaml_float(node)
            if value != value or value in (float("inf"), float("-inf")):
                return self.problem(
                    node,
                    "DT113",
                    f"'{node.value}' is not a usable number",
                    "write a number such as 2",
                )
        else:
            return self.wrong_type(node, t)
        if t.ge is not None and value < t.ge:
            return self.problem(
                node,
                "DT113",
                f"must be at least {t.ge:g}, not {value}",
                "a weight of 0 means never; use 1 or more for a possible branch",
            )
        if abs(value) > MAX_NUMBER:
            return self.problem(
                node, "DT113", "number too large", f"numbers go up to {MAX_NUMBER:,}"
            )
        return value

    def walk_union(self, node: yaml.Node, t: mi.UnionType) -> Any:
        members = t.types
        if isinstance(node, yaml.MappingNode):
            wanted: tuple[type, ...] = (mi.StructType,)
        elif isinstance(node, yaml.SequenceNode):
            wanted = (mi.ListType,)
        elif node.tag == _TAG + "null":
            wanted = (mi.NoneType, mi.StrType)
        elif node.tag in (_TAG + "int", _TAG + "float"):
            wanted = (mi.IntType, mi.FloatType, mi.StrType)
        elif node.tag == _TAG + "bool":
            wanted = (mi.BoolType, mi.StrType)
        else:
            wanted = (mi.StrType, mi.LiteralType)
        for kind in wanted:
            for member in members:
                inner = member
                while isinstance(inner, mi.Metadata):
                    inner = inner.type
                if isinstance(inner, kind):
                    return self.walk_typed(node, member)
        return self.wrong_type(node, t)

    def walk_list(self, node: yaml.Node, t: mi.ListType) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null":
                return LocatedList(node)
            return self.wrong_type(node, t)
        result = LocatedList(node)
        for item in node.value:
            value = self.walk(item, t.item_type)
            if value is not INVALID:
                result.append(value)
                result.nodes.append(item)
        return result

    def walk_struct(self, node: yaml.Node, t: mi.StructType) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self.wrong_type(node, t)
        fields = {f.encode_name: f for f in t.fields}
        result = Located(node)
        ok = True
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.problem(
                    key_node, "DT112", "keys must be plain words", "write a word followed by ':'"
                )
                ok = False
                continue
            key = key_node.value
            field = fields.get(key)
            if field is None:
                close = get_close_matches(key, list(fields), n=1, cutoff=0.6)
                hint = (
                    f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(fields)
                )
                if key == "<<":
                    hint = "YAML merge keys are not supported; write the keys out"
                self.problem(key_node, "DT110", f"unknown key '{_shorten(key)}'", hint)
                ok = False
                continue
            if key in result.nodes:
                first = result.nodes[key].start_mark.line + 1
                self.problem(
                    key_node,
                    "DT103",
                    f"key '{key}' appears twice in this block (first on line {first})",
                    "remove one of them",
                )
                ok = False
                continue
            value = self.walk(value_node, field.type)
            result.nodes[key] = value_node
            if value is INVALID:
                ok = False
                continue
            result[key] = value
        for field in t.fields:
            if field.encode_name in result.nodes:
                continue
            if field.required:
                self.problem(
                    node,
                    "DT111",
                    f"missing required key '{field.encode_name}'",
                    f"add '{field.encode_name}:' with {_describe_type(field.type)}",
                )
                ok = False
            elif field.default_factory is not mi.NODEFAULT:
                value = field.default_factory()
                result[field.encode_name] = LocatedList(node) if isinstance(value, list) else value
            else:
                result[field.encode_name] = field.default
        return result if ok else INVALID
