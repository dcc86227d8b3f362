"""YAML scenario folder -> Scenario, reporting every problem as ``file:line:col`` with a hint."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import yaml

from . import model, schema
from .expr import (
    EFFECT_OPS,
    NUM,
    Effect,
    ExprError,
    Expression,
    constant,
    parse_condition,
    parse_effect,
    parse_expression,
)
from .problems import ERROR, Problem, ScenarioError
from .validate import INVALID, Located, LocatedList, validate
from .yamlfile import Reader, compose, read_text, value_position

MANIFEST_NAMES = ("scenario.yaml", "scenario.yml")
MAX_SCENE_FILES = 1000
MAX_START_VALUES = 101  # a starting value drawn by chance takes one of at most this many values
_RESERVED = ("flags", "counters", "visited", "turn", "and", "or", "not", "true", "false", "if")


@dataclass
class LoadResult:
    """What loading a scenario gave: the scenario (None if it has errors) and every problem."""

    scenario: model.Scenario | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


def find_manifest(path: Path) -> Path | None:
    """The manifest of a scenario given as a folder or as a manifest file (None if there is
    none, or the folder cannot be read)."""
    try:
        if path.is_dir():
            for name in MANIFEST_NAMES:
                if (path / name).is_file():
                    return path / name
            return None
        return path if path.is_file() else None
    except OSError:
        return None


def load_scenario(path: Path | str, read: Reader = read_text) -> model.Scenario:
    """Load a scenario folder (or manifest file); raise ScenarioError listing every problem."""
    result = check_scenario(path, read)
    if result.scenario is None:
        raise ScenarioError(result.problems)
    return result.scenario


def check_scenario(path: Path | str, read: Reader = read_text) -> LoadResult:
    """Load a scenario and return it with every problem found; never raises for bad input.

    Files are read through ``read`` (see ``yamlfile.reader_with``: an editor passes the text
    of its unsaved buffers that way).
    """
    # Loading builds hundreds of thousands of short-lived acyclic objects (YAML nodes); the cyclic
    # garbage collector would re-scan them all again and again, making large scenarios slow.
    with collector_paused():
        return _check_scenario(Path(path), read)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for work that builds many objects and no reference
    cycles (memory is still freed as each object is dropped). With millions of objects alive, its
    full collections rescan them all each time a quarter more have been made, which makes such
    work slow, and slower for each scene the larger the scenario."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_scenario(path: Path, read: Reader) -> LoadResult:
    problems: list[Problem] = []
    manifest_path = find_manifest(path)
    if manifest_path is None:
        hint = "a scenario folder needs a manifest"
        try:
            is_folder = path.is_dir()
            message = (
                f"no {MANIFEST_NAMES[0]} in this folder" if is_folder else "no such file or folder"
            )
            if is_folder:
                next(path.iterdir(), None)  # a folder we may not read says so
        except OSError as error:
            message, hint = f"cannot read this folder: {error.strerror}", "check its permissions"
        problems.append(Problem(path, 0, 0, "DT137", message, hint))
        return LoadResult(None, problems)
    texts: dict[Path, str] = {}
    manifest = _read(manifest_path, schema.Manifest, problems, read, texts)
    if manifest is INVALID:
        return LoadResult(None, problems)
    scene_files: list[tuple[Path, Any]] = [(manifest_path, manifest)]
    for scene_path in _scene_paths(manifest_path, manifest, problems):
        raw = _read(scene_path, schema.SceneFile, problems, read, texts)
        if raw is not INVALID:
            scene_files.append((scene_path, raw))
    if problems:
        return LoadResult(None, problems)
    builder = _Builder(problems, texts)
    scenario = builder.build(manifest_path, manifest, scene_files)
    if any(p.severity == ERROR for p in problems):
        return LoadResult(None, problems)
    return LoadResult(scenario, problems)


def _read(
    path: Path, struct: type, problems: list[Problem], read: Reader, texts: dict[Path, str]
) -> Any:
    text = read(path, problems)
    if text is None:
        return INVALID
    texts[path] = text
    node = compose(text, path, problems)
    if node is None:
        if not any(p.path == path for p in problems):
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "DT112",
                    "the file is empty",
                    "a manifest needs id, title and start; a scene file needs 'scenes:'",
                )
            )
        return INVALID
    return validate(node, struct, path, problems)


def _scene_paths(manifest_path: Path, manifest: Located, problems: list[Problem]) -> list[Path]:
    folder = manifest_path.parent
    listed = manifest.get("scene_files")
    if listed is None:
        if manifest_path.name not in MANIFEST_NAMES:
            return []  # a single-file scenario
        paths = []
        inside = folder.resolve()
        try:
            found = sorted(p for pattern in ("*.yaml", "*.yml") for p in folder.rglob(pattern))
        except OSError as error:
            problems.append(
                Problem(
                    folder,
                    0,
                    0,
                    "DT101",
                    f"cannot read the folder: {error.strerror}",
                    "check the folder's permissions",
                )
            )
            found = []
        for p in found:
            relative = p.relative_to(folder)
            if p == manifest_path or any(part.startswith(".") for part in relative.parts):
                continue  # hidden files and folders (editor backups, version control) are skipped
            try:
                if not p.resolve().is_relative_to(inside):
                    problems.append(
                        Problem(
                            p,
                            0,
                            0,
                            "DT101",
                            "this file links to a place outside the scenario folder",
                            "copy the file into the folder instead of linking to it",
                        )
                    )
                    continue
                if p.is_file():
                    paths.append(p)
            except OSError as error:
                problems.append(
                    Problem(
                        p,
                        0,
                        0,
                        "DT101",
                        f"cannot read file: {error.strerror}",
                        "check the file's permissions",
                    )
                )
    else:
        paths = []
        for name, node in zip(listed, listed.nodes, strict=True):
            candidate = (folder / name).resolve()
            if not candidate.is_relative_to(folder.resolve()):
                mark = node.start_mark
                problems.append(
                    Problem(
                        manifest_path,
                        mark.line + 1,
                        mark.column + 1,
                        "DT101",
                        f"scene file '{name}' is outside the scenario folder",
                        "list files inside the folder, relative to the manifest",
                    )
                )
            elif not candidate.is_file():
                mark = node.start_mark
                problems.append(
                    Problem(
                        manifest_path,
                        mark.line + 1,
                        mark.column + 1,
                        "DT101",
                        f"scene file '{name}' does not exist",
                        "check the name (relative to the manifest), or remove it from scene_files",
                    )
                )
            else:
                paths.append(folder / name)
    if len(paths) > MAX_SCENE_FILES:
        problems.append(
            Problem(
                manifest_path,
                0,
                0,
                "DT101",
                f"the scenario has {len(paths)} scene files; the limit is {MAX_SCENE_FILES}",
                "put more scenes in each file",
            )
        )
        return []
    return paths


class _Builder:
    """Turns validated raw data into the model, checking names, expressions and links."""

    def __init__(self, problems: list[Problem], texts: dict[Path, str]) -> None:
        self.problems = problems
        self.texts = texts  # each file's text, to place mistakes inside expressions
        self.path: Path = Path()
        self.names: model.ScenarioNames | None = None
        self.bounded: set[str] = set()
        # Scenarios repeat the same conditions and effects; each text is parsed once.
        self.expr_cache: dict[tuple[str, str | None], Expression | ExprError] = {}
        self.mark_refs: list[tuple[str, yaml.Node, str]] = []  # (meter id, where, whose mark)
        self.effect_cache: dict[str, Effect | ExprError] = {}

    # -- reporting ---------------------------------------------------------------------------

    def problem(self, node: yaml.Node, code: str, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, code, message, hint)
        )

    def where(self, node: yaml.Node) -> model.Where:
        mark = node.start_mark
        return model.Where(str(self.path), mark.line + 1, mark.column + 1)

    def expr_problem(self, node: yaml.Node, error: ExprError) -> None:
        line, col = value_position(node, error.column, self.texts.get(self.path))
        self.problems.append(Problem(self.path, line, col, error.code, error.message, error.hint))

    # -- expressions -------------------------------------------------------------------------

    def condition(self, raw: Located, key: str = "if") -> Expression | None:
        text = raw.get(key)
        if text is None:
            if key in raw.nodes:  # 'if:' written with nothing after it
                self.problem(
                    raw.nodes[key],
                    "DT120",
                    "this condition is empty",
                    "write a condition such as 'trust.kyiv > 50', or remove 'if:'",
                )
            return None
        return self._expression(text, raw.nodes[key], "condition")

    def weight(self, raw: Located) -> Expression:
        value = raw["weight"]
        if isinstance(value, (int, float)):
            return constant(value)
        node = raw.nodes["weight"]
        parsed = self._expression(value, node, "number")
        if parsed is None:
            return constant(1)
        return parsed

    def _expression(self, text: str, node: yaml.Node, want: str) -> Expression | None:
        assert self.names is not None
        key = (text, want)
        cached = self.expr_cache.get(key)
        if cached is None:
            try:
                if want == "condition":
                    cached = parse_condition(text, self.names)
                else:
                    cached = parse_expression(text, self.names, NUM)
            except ExprError as error:
                cached = error
            self.expr_cache[key] = cached
        if isinstance(cached, ExprError):
            self.expr_problem(node, cached)
            return None
        return cached

    def effects(self, raw: Located, key: str) -> tuple[Effect, ...]:
        value = raw.get(key)
        if isinstance(value, str) and not value.strip():
            self.problem(
                raw.nodes[key],
                "DT120",
                "this effect is empty",
                "write an effect such as 'trust.kyiv += 10', or remove the key",
            )
            return ()
        if not value:
            return ()
        assert self.names is not None
        if isinstance(value, str):
            items: Iterable[tuple[str, yaml.Node]] = [(value, raw.nodes[key])]
        else:
            items = zip(value, value.nodes, strict=True)
        result = []
        for text, node in items:
            effect = self.effect_cache.get(text)
            if effect is None:
                try:
                    effect = parse_effect(text, self.names)
                except ExprError as error:
                    effect = error
                self.effect_cache[text] = effect
            if isinstance(effect, ExprError):
                self.expr_problem(node, effect)
                continue
            if EFFECT_OPS[effect.op].needs_range and effect.target not in self.bounded:
                self.problem(
                    node,
                    "DT122",
                    f"'{effect.op}' (fairmath) needs a meter with a range; "
                    f"'{effect.target}' has none",
                    "use += or -= for counters",
                )
                continue
            result.append(effect)
        return tuple(result)

    def prose(self, raw: Located, key: str) -> model.Prose:
        """Narrative that is one text, or a list of texts and ``{text, if}`` passages."""
        value = raw.get(key)
        if not value:
            return model.Prose()
        if isinstance(value, str):
            return model.Prose.plain(value)
        passages = []
        for item in value:
            if isinstance(item, str):
                passages.append(model.Passage(item))
            else:
                passages.append(model.Passage(item["text"], self.condition(item)))
        return model.Prose(tuple(passages))

    def reveals(self, raw: Located) -> tuple[str, ...]:
        """The meters a choice, branch, news item or scene makes visible to the player."""
        value = raw.get("reveal")
        if not value:
            return ()
        if isinstance(value, str):
            items: Iterable[tuple[str, yaml.Node]] = [(value, raw.nodes["reveal"])]
        else:
            items = zip(value, value.nodes, strict=True)
        found = []
        for meter_id, node in items:
            if meter_id not in self.bounded:
                self.problem(
                    node,
                    "DT121",
                    f"'reveal' names '{meter_id}', which is not a meter",
                    self.suggest(meter_id, sorted(self.bounded)),
                )
                continue
            found.append(meter_id)
        return tuple(found)

    # -- the scenario ------------------------------------------------------------------------

    def build(
        self, manifest_path: Path, manifest: Located, files: list[tuple[Path, Any]]
    ) -> model.Scenario | None:
        self.path = manifest_path
        meters = self.meters(manifest["meters"])
        meter_ids = {m.id for m in meters}
        for ref, node, owner in self.mark_refs:
            if ref not in meter_ids or ref == owner:
                self.problem(
                    node,
                    "DT121",
                    f"a mark of meter '{owner}' is set at meter '{ref}', which "
                    + ("is the same meter" if ref == owner else "is not declared"),
                    self.suggest(ref, sorted(meter_ids - {owner}))
                    or "write a number, or the id of another meter",
                )
        flags = self.declared(manifest["flags"], "flag")
        counters = self.declared(manifest["counters"], "counter")
        traps = self.traps(manifest["traps"])
        scene_raws: dict[str, tuple[Path, Located]] = {}
        for path, raw in files:
            self.path = path
            for scene, node in zip(raw["scenes"], raw["scenes"].nodes, strict=True):
                scene_id = scene["id"]
                if scene_id in scene_raws:
                    first_path, first = scene_raws[scene_id]
                    line = first.node.start_mark.line + 1
                    self.problem(
                        node,
                        "DT131",
                        f"scene id '{scene_id}' is used twice",
                        f"first used at {first_path}:{line}",
                    )
                    continue
                scene_raws[scene_id] = (path, scene)
        self.names = model.ScenarioNames(
            [m.id for m in meters],
            [f.id for f in flags],
            [c.id for c in counters],
            list(scene_raws),
        )
        self.bounded = {m.id for m in meters}
        self.scene_ids = list(scene_raws)
        self.scene_id_set = set(scene_raws)
        self.trap_ids = set(traps)
        scenes = {}
        for scene_id, (path, raw) in scene_raws.items():
            self.path = path
            scenes[scene_id] = self.scene(raw)
        self.path = manifest_path
        start = manifest["start"]
        if start not in scenes:
            self.problem(
                manifest.nodes["start"],
                "DT132",
                f"the start scene '{start}' does not exist",
                self.suggest(start, self.scene_ids),
            )
        if scenes and not any(s.ending for s in scenes.values()):
            self.problem(
                manifest.node,
                "DT133",
                "the scenario has no ending",
                "mark at least one scene with 'ending:' and an outcome",
            )
        if not scenes:
            self.problem(
                manifest.node,
                "DT133",
                "the scenario has no scenes",
                "write scenes under 'scenes:' in a .yaml file beside the manifest",
            )
        source = manifest.get("source")
        return model.Scenario(
            id=manifest["id"],
            title=manifest["title"],
            description=manifest["description"],
            version=str(manifest["version"]),
            start=start,
            authors=tuple(manifest["authors"]),
            source=model.Source(source["title"], source["publisher"], source["note"])
            if source
            else None,
            meters=tuple(meters),
            flags=tuple(flags),
            counters=tuple(counters),
            traps=traps,
            glossary=tuple(
                model.GlossaryEntry(g["term"], g["definition"]) for g in manifest["glossary"]
            ),
            scenes=scenes,
            folder=manifest_path.parent,
        )

    def suggest(self, name: str, candidates: list[str]) -> str:
        close = get_close_matches(name, candidates, n=3, cutoff=0.6)
        if close:
            return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        if len(candidates) <= 8:
            return "known: " + ", ".join(candidates) if candidates else ""
        return ""

    def meters(self, raws: LocatedList) -> list[model.Meter]:
        meters: list[model.Meter] = []
        seen: dict[str, yaml.Node] = {}
        for raw in raws:
            meter_id = raw["id"]
            id_node = raw.nodes["id"]
            if meter_id in seen:
                line = seen[meter_id].start_mark.line + 1
                self.problem(
                    id_node,
                    "DT131",
                    f"meter id '{meter_id}' is used twice",
                    f"first on line {line}",
                )
                continue
            if meter_id.split(".")[0] in _RESERVED:
                self.problem(
                    id_node,
                    "DT113",
                    f"meter id '{meter_id}' uses the reserved word '{meter_id.split('.')[0]}'",
                    "reserved: " + ", ".join(_RESERVED),
                )
                continue
            seen[meter_id] = id_node
            low, high = raw["min"], raw["max"]
            # A meter with an impossible range is still declared, so that its uses do not
            # also show up as "unknown name" errors.
            broken = low >= high
            if broken:
                self.problem(
                    raw.nodes.get("max", raw.node),
                    "DT136",
                    f"meter '{meter_id}': min {low} is not below max {high}",
                    "make min smaller than max (the default range is 0 to 100)",
                )
                high = low + 1
            start, start_values = self.meter_start(raw, meter_id, low, high)
            meters.append(
                model.Meter(
                    meter_id,
                    raw["label"],
                    raw["kind"],
                    raw["party"],
                    start,
                    low,
                    high,
                    raw["good"],
                    raw["hidden"],
                    raw["description"],
                    marks=self.marks(raw["marks"], meter_id, low, high, broken),
                    short=raw["short"],
                    start_values=start_values,
                )
            )
        return meters

    def meter_start(
        self, raw: Located, meter_id: str, low: int, high: int
    ) -> tuple[int, tuple[int, ...]]:
        """A meter's start, and the values it is drawn from when it is a range."""
        start = raw["start"]
        node = raw.nodes.get("start", raw.node)
        if not isinstance(start, dict):
            if not low <= start <= high:
                self.problem(
                    node,
                    "DT136",
                    f"meter '{meter_id}' starts at {start}, outside its range {low}–{high}",
                    "the default range is 0 to 100; set min and max to change it",
                )
                start = max(low, min(high, start))
            return start, ()
        first, last, step = start["min"], start["max"], start["step"]
        if not low <= first <= last <= high:
            self.problem(
                node,
                "DT136",
                f"meter '{meter_id}' starts between {first} and {last}, which is not a range "
                f"inside {low}–{high}",
                "write start: {min: A, max: B} with min <= max, both inside the meter's range",
            )
            first, last = max(low, min(high, first)), max(low, min(high, last))
            last = max(first, last)
        values = tuple(range(first, last + 1, step))
        if len(values) > MAX_START_VALUES:
            self.problem(
                node,
                "DT136",
                f"meter '{meter_id}' can start at {len(values)} values; the limit is "
                f"{MAX_START_VALUES}",
                "use a larger step",
            )
            values = values[:MAX_START_VALUES]
        return values[0], values if len(values) > 1 else ()

    def marks(
        self, raws: LocatedList, meter_id: str, low: int, high: int, broken: bool = False
    ) -> tuple[model.Mark, ...]:
        """A meter's marks (``broken``: its range is already reported, so marks are not checked
        against it)."""
        marks = []
        for raw, node in zip(raws, raws.nodes, strict=True):
            sides = [side for side in ("below", "above") if raw.get(side) is not None]
            if len(sides) != 1:
                self.problem(
                    node,
                    "DT113",
                    f"a mark of meter '{meter_id}' needs exactly one of 'below' or 'above'",
                    "for example: {below: 35, text: the White House loses patience}",
                )
                continue
            side = sides[0]
            value = raw[side]
            if isinstance(value, str):  # the line is another meter's value: checked in build()
                self.mark_refs.append((value, raw.nodes[side], meter_id))
                marks.append(model.Mark(side, 0, " ".join(raw["text"].split()), value, raw["bad"]))
                continue
            if not broken and not low <= value <= high:
                self.problem(
                    raw.nodes[side],
                    "DT136",
                    f"mark '{side} {value}' of meter '{meter_id}' is outside its range "
                    f"{low}–{high}",
                    "a mark sits inside the meter's range (min to max)",
                )
                continue
            marks.append(model.Mark(side, value, " ".join(raw["text"].split()), "", raw["bad"]))
        return tuple(marks)

    def declared(self, raws: LocatedList, what: str) -> list[Any]:
        result: list[Any] = []
        seen: set[str] = set()
        for raw, node in zip(raws, raws.nodes, strict=True):
            if isinstance(raw, str):  # a bare id: the defaults
                raw = {"id": raw, "description": "", "start": 0 if what == "counter" else False}
            item_id = raw["id"]
            if item_id in seen:
                self.problem(
                    node,
                    "DT131",
                    f"{what} id '{item_id}' is used twice",
                    f"remove the second {what}, or give it another id",
                )
                continue
            seen.add(item_id)
            if what == "flag":
                result.append(model.Flag(item_id, raw["description"], raw["start"]))
            else:
                result.append(model.Counter(item_id, raw["description"], raw["start"]))
        return result

    def traps(self, raws: LocatedList) -> dict[str, model.Trap]:
        traps: dict[str, model.Trap] = {}
        for raw, node in zip(raws, raws.nodes, strict=True):
            if raw["id"] in traps:
                self.problem(
                    node,
                    "DT131",
                    f"trap id '{raw['id']}' is used twice",
                    "remove the second trap, or give it another id",
                )
                continue
            traps[raw["id"]] = model.Trap(raw["id"], raw["name"], raw["lesson"], raw["source"])
        return traps

    def scene(self, raw: Located) -> model.Scene:
        ending = None
        if raw.get("ending") is not None:
            ending = model.Ending(raw["ending"]["outcome"], self.prose(raw["ending"], "debrief"))
            if raw["choices"]:
                self.problem(
                    raw.nodes["choices"],
                    "DT135",
                    f"scene '{raw['id']}' is an ending but also has choices",
                    "an ending closes the game: remove 'choices' or 'ending'",
                )
        news = tuple(
            model.News(
                item["headline"],
                item["text"],
                self.weight(item),
                self.condition(item),
                self.effects(item, "effects"),
                self.reveals(item),
            )
            for item in raw["news"]
        )
        choices = []
        used_ids: set[str] = set()
        for index, (item, node) in enumerate(
            zip(raw["choices"], raw["choices"].nodes, strict=True), start=1
        ):
            choice_id = item.get("id") or str(index)
            if choice_id in used_ids:
                self.problem(
                    node,
                    "DT131",
                    f"choice id '{choice_id}' is used twice in this scene",
                    "give each choice of a scene its own id",
                )
            used_ids.add(choice_id)
            choices.append(self.choice(item, node, choice_id))
        return model.Scene(
            id=raw["id"],
            title=raw["title"],
            text=self.prose(raw, "text"),
            on_enter=self.effects(raw, "on_enter"),
            news=news,
            choices=tuple(choices),
            ending=ending,
            where=self.where(raw.node),
            reveals=self.reveals(raw),
        )

    def choice(self, raw: Located, node: yaml.Node, choice_id: str) -> model.Choice:
        goto = raw["goto"]
        if isinstance(goto, str):
            self.check_target(goto, raw.nodes["goto"])
            branches: tuple[model.Branch, ...] = (
                model.Branch(goto, constant(1), None, (), where=self.where(raw.nodes["goto"])),
            )
        else:
            built = []
            for branch, branch_node in zip(goto, goto.nodes, strict=True):
                self.check_target(branch["scene"], branch.nodes["scene"])
                built.append(
                    model.Branch(
                        branch["scene"],
                        self.weight(branch),
                        self.condition(branch),
                        self.effects(branch, "effects"),
                        branch["headline"],
                        branch["text"],
                        where=self.where(branch_node),
                        reveals=self.reveals(branch),
                    )
                )
            if not built:
                self.problem(
                    raw.nodes["goto"],
                    "DT112",
                    "goto needs at least one scene",
                    "write 'goto: SCENE', or list branches as '- scene: SCENE'",
                )
            branches = tuple(built)
        trap = raw.get("trap")
        if trap is not None and trap not in self.trap_ids:
            self.problem(
                raw.nodes["trap"],
                "DT134",
                f"unknown trap '{trap}'",
                self.suggest(trap, sorted(self.trap_ids))
                or "declare it under 'traps:' in the manifest",
            )
        return model.Choice(
            id=choice_id,
            text=raw["text"],
            condition=self.condition(raw),
            disabled_reason=raw["disabled_reason"],
            effects=self.effects(raw, "effects"),
            branches=branches,
            feedback=self.prose(raw, "feedback"),
            trap_id=trap,
            where=self.where(node),
            reveals=self.reveals(raw),
            pick=raw["pick"],
        )

    def check_target(self, scene_id: str, node: yaml.Node) -> None:
        if scene_id not in self.scene_id_set:
            self.problem(
                node,
                "DT130",
                f"no scene with id '{scene_id}'",
                self.suggest(scene_id, self.scene_ids),
            )
