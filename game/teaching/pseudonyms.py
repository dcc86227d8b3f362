"""Stable pseudonyms for class reports shown to others (on a projector, to a colleague): the same
student gets the same pseudonym in every report made on this computer, and nobody can work back
from a pseudonym to the name without the teacher's key, kept in the teacher's data folder."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import secrets
from pathlib import Path
from typing import Any

from game.engine.files import FileRefused, read_limited, write_atomic
from game.engine.records import ANONYMOUS

from .students import JOIN_CODE_LETTERS

KEY_FILE = "pseudonym.key"
CODE_LENGTH = 5  # 31**5 codes: two students of a class of 200 share one about once in 2,000 classes


def teacher_key(folder: Path | None = None) -> bytes:
    """The secret behind the pseudonyms: read from the teacher's data folder, made there (readable
    by the teacher alone) the first time."""
    if folder is None:
        from game.locations import data_dir

        folder = data_dir()
    path = folder / KEY_FILE
    with contextlib.suppress(FileRefused):
        text = read_limited(path, 1024, "key").decode("ascii", "replace").strip()
        if re.fullmatch(r"[0-9a-f]{64}", text):
            return bytes.fromhex(text)
    key = secrets.token_bytes(32)
    write_atomic(path, key.hex() + "\n", mode=0o600)
    return key


class Pseudonyms:
    """Names to pseudonyms with one key: ``Student K7MQ2``."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def __call__(self, name: str | None) -> str:
        if not name or not name.strip():
            return ANONYMOUS
        same = " ".join(name.casefold().split()).encode()  # "Ana " and "ana" are one student
        digest = hmac.new(self.key, same, hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        letters = []
        for _ in range(CODE_LENGTH):
            number, index = divmod(number, len(JOIN_CODE_LETTERS))
            letters.append(JOIN_CODE_LETTERS[index])
        return "Student " + "".join(letters)


def anonymised(
    records: list[tuple[Path, dict[str, Any]]], pseudonym: Pseudonyms
) -> list[tuple[Path, dict[str, Any]]]:
    """The records with every player's name (in the record and in its file name) replaced by a
    pseudonym."""
    result = []
    for path, record in records:
        name = pseudonym(record.get("player"))
        state = "" if record["finished"] else "-unfinished"
        file = f"{name.replace(' ', '-')}-{record['seed']}{state}.json"
        result.append((path.with_name(file), {**record, "player": name}))
    return result
