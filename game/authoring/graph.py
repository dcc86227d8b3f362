"""The scene graph: which scene leads where, drawn as Mermaid (GitHub) or DOT (Graphviz).

Every label written by an author is escaped, so no scene title or condition can break the output.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.model import Scenario

MAX_LABEL = 60


@dataclass(frozen=True, slots=True)
class Edge:
    """One way from a scene to another: a choice, or one chance branch of a choice."""

    source: str
    target: str
    choice_id: str
    condition: str  # the choice's and the branch's 'if', joined; "" when there is none
    trap: str  # the trap's name, "" when the choice springs none
    chance: str  # "" for a plain goto, else the branch's weight


def links(scenario: Scenario) -> dict[str, list[str]]:
    """Each scene's target scenes, in order, without repeats."""
    result: dict[str, list[str]] = {}
    for scene in scenario.scenes.values():
        targets = result.setdefault(scene.id, [])
        for choice in scene.choices:
            for branch in choice.branches:
                if branch.scene_id not in targets:
                    targets.append(branch.scene_id)
    return result


def edges(scenario: Scenario) -> list[Edge]:
    """Every choice and chance branch as an edge."""
    found = []
    for scene in scenario.scenes.values():
        for choice in scene.choices:
            trap = scenario.traps.get(choice.trap_id or "")
            for branch in choice.branches:
                conditions = [c.source for c in (choice.condition, branch.condition) if c]
                chance = ""
                if choice.is_chance:
                    chance = branch.weight.source
                found.append(
                    Edge(
                        scene.id,
                        branch.scene_id,
                        choice.id,
                        " and ".join(f"({c})" if len(conditions) > 1 else c for c in conditions),
                        trap.name if trap else "",
                        chance,
                    )
                )
    return found


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _edge_label(edge: Edge) -> str:
    parts = [f"choice {_shorten(edge.choice_id)}"]
    if edge.condition:
        parts.append(f"if {_shorten(edge.condition)}")
    if edge.chance:
        parts.append(f"chance, weight {_shorten(edge.chance)}")
    if edge.trap:
        parts.append(f"TRAP: {_shorten(edge.trap)}")
    return "; ".join(parts)


def _scene_label(scenario: Scenario, scene_id: str) -> str:
    scene = scenario.scenes[scene_id]
    label = f"{scene.title} ({scene.id})"
    if scene.ending is not None:
        label = f"END {scene.ending.outcome.upper()}: {label}"
    if scene.id == scenario.start:
        label = f"START: {label}"
    return _shorten(label)


# --- Mermaid --------------------------------------------------------------------------------

_MERMAID_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _.,:;!?()+-*'=")


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: anything unusual becomes an entity code ``#NN;``."""
    return "".join(c if c in _MERMAID_SAFE else f"#{ord(c)};" for c in text)


def to_mermaid(scenario: Scenario) -> str:
    """The scene graph as a Mermaid flowchart."""
    ids = {scene_id: f"s{index}" for index, scene_id in enumerate(scenario.scenes)}
    lines = ["flowchart TD"]
    for scene_id, node in ids.items():
        label = mermaid_text(_scene_label(scenario, scene_id))
        scene = scenario.scenes[scene_id]
        if scene.ending is not None:
            lines.append(f'    {node}(["{label}"]):::{scene.ending.outcome}')
        else:
            lines.append(f'    {node}["{label}"]')
    for edge in edges(scenario):
        arrow = "-.->" if edge.chance else "-->"
        label = mermaid_text(_edge_label(edge))
        lines.append(f'    {ids[edge.source]} {arrow}|"{label}"| {ids[edge.target]}')
    trap_edges = [i for i, e in enumerate(edges(scenario)) if e.trap]
    if trap_edges:
        lines.append(f"    linkStyle {','.join(map(str, trap_edges))} stroke:#c00,stroke-width:2px")
    lines.append("    classDef success fill:#d4edda,stroke:#2e7d32")
    lines.append("    classDef partial fill:#fff3cd,stroke:#b8860b")
    lines.append("    classDef failure fill:#f8d7da,stroke:#c62828")
    return "\n".join(lines) + "\n"


# --- DOT ------------------------------------------------------------------------------------


def dot_text(text: str) -> str:
    """Text as a double-quoted DOT string: backslashes, quotes and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r", " ").replace("\n", " ")
    return f'"{text}"'


_DOT_FILL = {"success": "#d4edda", "partial": "#fff3cd", "failure": "#f8d7da"}


def to_dot(scenario: Scenario) -> str:
    """The scene graph in Graphviz DOT."""
    lines = [f"digraph {dot_text(scenario.id)} {{", "    rankdir=TB;", "    node [shape=box];"]
    for scene_id, scene in scenario.scenes.items():
        attributes = [f"label={dot_text(_scene_label(scenario, scene_id))}"]
        if scene.ending is not None:
            fill = _DOT_FILL.get(scene.ending.outcome, "#eeeeee")
            attributes += ["shape=doubleoctagon", "style=filled", f'fillcolor="{fill}"']
        if scene_id == scenario.start:
            attributes.append("penwidth=2")
        lines.append(f"    {dot_text(scene_id)} [{', '.join(attributes)}];")
    for edge in edges(scenario):
        attributes = [f"label={dot_text(_edge_label(edge))}"]
        if edge.chance:
            attributes.append("style=dashed")
        if edge.trap:
            attributes += ['color="#cc0000"', "penwidth=2"]
        lines.append(
            f"    {dot_text(edge.source)} -> {dot_text(edge.target)} [{', '.join(attributes)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
